using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("GmcRL.Tests")]
