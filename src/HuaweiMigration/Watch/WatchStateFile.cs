using System;
using System.IO;
using HuaweiMigration.Core;

namespace HuaweiMigration.Watch
{
    /// <summary>
    /// The file behind -StatePath, held by one writer at a time. The lock is an open handle on "&lt;path&gt;.lock"
    /// that no one else may share (flock on Linux and macOS, a share mode on Windows), so the system drops it when the
    /// process ends, however it ends: a killed watch never leaves a stale lock. Every save writes "&lt;path&gt;.tmp",
    /// flushes it to disk, then renames it over the file, so a kill at any moment leaves the old state or the new.
    /// </summary>
    public sealed class WatchStateFile : IDisposable
    {
        readonly FileStream _lock;

        WatchStateFile(string path, FileStream lockHandle) { Path = path; _lock = lockHandle; }

        public string Path { get; }
        string TempPath => Path + ".tmp";

        /// <summary>Takes the lock of <paramref name="path"/>, or throws StateFileInUse at once when another watch holds it.</summary>
        public static WatchStateFile Open(string path)
        {
            string lockPath = path + ".lock";
            try
            {
                return new WatchStateFile(path, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException ex) when (!(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException))
            {
                throw new HuaweiApiException("StateFileInUse",
                    $"Another watch is using the state file {path} (it holds {lockPath}). Wait for it to end, or give another -StatePath.",
                    ApiErrorCategory.ResourceUnavailable, inner: ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new HuaweiApiException("StateFileUnreadable",
                    $"The watch state file {path} cannot be opened: {ex.Message} Give a -StatePath in a folder that exists and that you can write to.",
                    ApiErrorCategory.InvalidData, inner: ex);
            }
        }

        /// <summary>The saved state, or null when there is none yet. A file that is there but not a whole state throws StateFileUnreadable.</summary>
        public WatchState Load()
        {
            if (!File.Exists(Path)) return null;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new HuaweiApiException("StateFileUnreadable", $"The watch state file {Path} cannot be read: {ex.Message}", ApiErrorCategory.InvalidData, inner: ex);
            }
            return WatchState.Parse(bytes, Path);
        }

        /// <summary>Writes the whole state crash-safely: a flushed temporary file renamed over the old one.</summary>
        public void Save(byte[] json)
        {
            using (var f = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                f.Write(json, 0, json.Length);
                f.Flush(true);
            }
            if (File.Exists(Path)) File.Replace(TempPath, Path, null);
            else File.Move(TempPath, Path);
        }

        public void Dispose() => _lock.Dispose();
    }
}
