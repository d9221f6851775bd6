using System.Runtime.CompilerServices;

// The tests check the ray caster against a plain double-precision one on the same ray directions.
[assembly: InternalsVisibleTo("GmcRL.Tests")]
