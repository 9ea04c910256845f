using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>Starts this benchmark again as a fresh process with a sub-command (import, watchpoll).</summary>
    internal static class ChildProcess
    {
        public static Process Start(params string[] args)
        {
            var psi = new ProcessStartInfo
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string exe = Environment.ProcessPath;
            // Run as `dotnet HuaweiMigration.Benchmarks.dll`: the child needs the dll as its first argument.
            if (Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                psi.ArgumentList.Add(Assembly.GetEntryAssembly().Location);
            psi.FileName = exe;
            foreach (var a in args) psi.ArgumentList.Add(a);
            return Process.Start(psi);
        }

        /// <summary>Runs a child to the end and returns its standard output lines.</summary>
        public static List<string> Run(params string[] args)
        {
            using (var p = Start(args))
            {
                var stderr = p.StandardError.ReadToEndAsync();
                var lines = new List<string>();
                string line;
                while ((line = p.StandardOutput.ReadLine()) != null) lines.Add(line);
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"child '{string.Join(" ", args)}' exited {p.ExitCode}: {stderr.Result}");
                return lines;
            }
        }
    }
}
