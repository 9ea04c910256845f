using System;
using System.IO;
using System.Text;
using HuaweiMigration.Core;

namespace HuaweiMigration.Reports
{
    /// <summary>The report's file format.</summary>
    public enum ReportFormat { Html, Markdown }

    /// <summary>Writes a report file whole or not at all: into a temporary file beside it, then moved over the target.</summary>
    public static class ReportFile
    {
        /// <summary>Markdown for a .md or .markdown path, else HTML.</summary>
        public static ReportFormat FormatFor(string path)
        {
            string ext = Path.GetExtension(path ?? string.Empty);
            return ext.Equals(".md", StringComparison.OrdinalIgnoreCase) || ext.Equals(".markdown", StringComparison.OrdinalIgnoreCase)
                ? ReportFormat.Markdown : ReportFormat.Html;
        }

        /// <summary>Checks the target before any work: its folder exists, and an existing file is replaced only with <paramref name="force"/>.</summary>
        public static void CheckTarget(string path, bool force)
        {
            string dir = Path.GetDirectoryName(path);
            if (Directory.Exists(path))
                throw NotWritten(path, "it is a folder", ApiErrorCategory.InvalidArgument);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
                throw NotWritten(path, $"the folder {dir} does not exist", ApiErrorCategory.ObjectNotFound);
            if (File.Exists(path) && !force)
                throw NotWritten(path, "the file exists; use -Force to replace it", ApiErrorCategory.InvalidOperation);
        }

        public static void Write(MigrationReport report, ReportFormat format, string path, bool force)
        {
            CheckTarget(path, force);
            string temp = Path.Combine(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                using (var w = new StreamWriter(stream, new UTF8Encoding(false)))
                {
                    w.NewLine = "\n";
                    if (format == ReportFormat.Html) HtmlReportWriter.Write(report, w);
                    else w.Write(MarkdownReportWriter.Render(report));
                }
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                try { File.Delete(temp); } catch (Exception) { /* the temporary file may never have been created */ }
                throw NotWritten(path, ex.Message, ApiErrorCategory.PermissionDenied, ex);
            }
        }

        static HuaweiApiException NotWritten(string path, string why, ApiErrorCategory category, Exception inner = null) =>
            new HuaweiApiException("ReportNotWritten", $"The report {path} was not written: {why}.", category, inner: inner);
    }
}
