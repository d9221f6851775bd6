#nullable enable
// Compiled twice: as the inline MSBuild task of build/TorchSharpNative.targets, and into the
// tests (with GMCRL_TESTS defined, which leaves out the MSBuild task class).
using System;
using System.IO;
using System.Text;

namespace GmcRL.Build
{
    /// <summary>
    /// Reads and edits the version needs (ELF section <c>.gnu.version_r</c>, type SHT_GNU_verneed)
    /// of a 64-bit little-endian ELF shared library.
    /// </summary>
    public static class ElfVersionNeeds
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>Flags of the version need named <paramref name="version"/>, or null when the file has none.</summary>
        public static ushort? FlagsOf(byte[] elf, string version)
        {
            int at = FindAux(elf, version);
            return at < 0 ? (ushort?)null : BitConverter.ToUInt16(elf, at + 4);
        }

        /// <summary>True when the need for <paramref name="version"/> is marked weak (VER_FLG_WEAK).</summary>
        public static bool IsWeak(byte[] elf, string version)
        {
            ushort? flags = FlagsOf(elf, version);
            return flags.HasValue && (flags.Value & VerFlgWeak) != 0;
        }

        /// <summary>
        /// Marks the need for <paramref name="version"/> weak, so the dynamic loader accepts a library
        /// that lacks that version. Returns false when the file needs no such version or it is weak already.
        /// </summary>
        public static bool MarkWeak(byte[] elf, string version)
        {
            int at = FindAux(elf, version);
            if (at < 0) return false;
            ushort flags = BitConverter.ToUInt16(elf, at + 4);
            if ((flags & VerFlgWeak) != 0) return false;
            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, at + 4);
            return true;
        }

        /// <summary>
        /// True when a shared library's bytes name <paramref name="version"/> (as libstdc++ does for every
        /// version it defines). A byte search is enough: the names live in its string table.
        /// </summary>
        public static bool MentionsVersion(byte[] library, string version)
        {
            // Plain loop: MSBuild compiles this file against netstandard2.0, which has no span search.
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= library.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && library[i + k] == needle[k]) k++;
                if (k == needle.Length) return true;
            }
            return false;
        }

        /// <summary>Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, then renames it over.</summary>
        public static void WriteAtomically(string path, byte[] bytes)
        {
            string temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            try
            {
                File.WriteAllBytes(temp, bytes);
                // A fresh inode: a hard link to the NuGet cache (if the copy was one) is never written through.
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        // Offset of the Vernaux entry naming `version`, or -1.
        private static int FindAux(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A);
            int shnum = BitConverter.ToUInt16(elf, 0x3C);
            if (shoff <= 0 || shoff + (long)shentsize * shnum > elf.Length)
                throw new InvalidDataException("section header table lies outside the file");

            for (int i = 0; i < shnum; i++)
            {
                int sh = checked((int)(shoff + (long)i * shentsize));
                if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
                int offset = checked((int)BitConverter.ToInt64(elf, sh + 0x18));
                int count = BitConverter.ToInt32(elf, sh + 0x2C); // sh_info: number of Verneed entries
                int link = BitConverter.ToInt32(elf, sh + 0x28);  // sh_link: the string table
                int strtab = checked((int)BitConverter.ToInt64(elf, checked((int)(shoff + (long)link * shentsize)) + 0x18));

                int need = offset;
                for (int n = 0; n < count; n++)
                {
                    int auxCount = BitConverter.ToUInt16(elf, need + 2);
                    int aux = need + BitConverter.ToInt32(elf, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        int name = strtab + BitConverter.ToInt32(elf, aux + 8);
                        if (NameAt(elf, name) == version) return aux;
                        aux += BitConverter.ToInt32(elf, aux + 12);
                    }
                    need += BitConverter.ToInt32(elf, need + 12);
                }
            }
            return -1;
        }

        private static string NameAt(byte[] elf, int at)
        {
            int end = Array.IndexOf(elf, (byte)0, at);
            if (end < 0) throw new InvalidDataException("unterminated string in the string table");
            return Encoding.ASCII.GetString(elf, at, end - at);
        }
    }

#if !GMCRL_TESTS
    /// <summary>
    /// MSBuild task: where the system's libstdc++ lacks <see cref="Version"/>, marks that version need weak
    /// in each given copy of a native library (never in the NuGet cache: only files under an output folder).
    /// </summary>
    public sealed class WeakenVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>The native library copies to fix (in output or publish folders).</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version to weaken, e.g. GLIBCXX_3.4.32.</summary>
        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        /// <summary>Candidate paths of the system libstdc++ (first existing one is read).</summary>
        [Microsoft.Build.Framework.Required]
        public string[] SystemLibraryCandidates { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            string? system = Array.Find(SystemLibraryCandidates, File.Exists);
            if (system != null && ElfVersionNeeds.MentionsVersion(File.ReadAllBytes(system), Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{system} defines {Version}; nothing to weaken.");
                return true;
            }
            foreach (var item in Libraries)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                string full = Path.GetFullPath(path);
                if (full.Contains(Path.DirectorySeparatorChar + ".nuget" + Path.DirectorySeparatorChar))
                {
                    Log.LogError($"Refusing to edit {full}: it is in the NuGet cache, not an output folder.");
                    return false;
                }
                try
                {
                    byte[] bytes = File.ReadAllBytes(full);
                    if (ElfVersionNeeds.MarkWeak(bytes, Version))
                    {
                        ElfVersionNeeds.WriteAtomically(full, bytes);
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"GmcRL: marked {Version} weak in {full} (system libstdc++ {(system ?? "not found")} lacks it).");
                    }
                }
                catch (InvalidDataException e)
                {
                    Log.LogError($"Cannot read the ELF version needs of {full}: {e.Message}");
                    return false;
                }
            }
            return true;
        }
    }
#endif
}
