using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using HuaweiMigration.Core;

namespace HuaweiMigration
{
    /// <summary>
    /// Refuses PowerShell 7.0 to 7.3. On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects for
    /// the module's dependencies (System.Text.Json and the System.Memory family), so requests for those names resolve
    /// to an assembly already loaded that satisfies them, else to the copy beside the module. PowerShell 7.4+ needs
    /// no resolver: it carries versions of them all that satisfy the module.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
        static ShippedAssemblies _shipped;

        public void OnImport()
        {
            string unsupported = DesktopRuntime.UnsupportedPowerShell(RunningPowerShell(), DesktopRuntime.IsCurrent);
            if (unsupported != null) throw new PlatformNotSupportedException(unsupported);
            if (!DesktopRuntime.IsCurrent) return;
            _shipped = ShippedAssemblies.In(ModuleDirectory);
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            // Older Windows versions leave TLS 1.2 off for .NET Framework; Huawei Cloud endpoints require it.
            DesktopRuntime.EnsureTls12();
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (DesktopRuntime.IsCurrent) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        static Assembly Resolve(object sender, ResolveEventArgs args) =>
            _shipped?.Resolve(new AssemblyName(args.Name), AppDomain.CurrentDomain.GetAssemblies());

        /// <summary>$PSVersionTable.PSVersion: PSVersionInfo.PSVersion is public on 7 but internal on 5.1, so it is read by reflection.</summary>
        static Version RunningPowerShell()
        {
            var engine = typeof(PSObject).Assembly;
            var property = engine.GetType("System.Management.Automation.PSVersionInfo")?
                .GetProperty("PSVersion", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
            return property?.GetValue(null) as Version ?? engine.GetName().Version;
        }
    }

    /// <summary>The dependency assemblies shipped beside the module, for the .NET Framework resolver.</summary>
    internal sealed class ShippedAssemblies
    {
        readonly Dictionary<string, string> _paths;
        readonly Func<string, Assembly> _load;
        readonly Func<string, AssemblyName> _nameOf;

        internal ShippedAssemblies(IDictionary<string, string> pathsByName, Func<string, Assembly> load = null, Func<string, AssemblyName> nameOf = null)
        {
            _paths = new Dictionary<string, string>(pathsByName, StringComparer.OrdinalIgnoreCase);
            _load = load ?? Assembly.LoadFrom;
            _nameOf = nameOf ?? AssemblyName.GetAssemblyName;
        }

        /// <summary>Every dll in the module folder but the module itself.</summary>
        public static ShippedAssemblies In(string directory) => new ShippedAssemblies(
            Directory.GetFiles(directory, "*.dll")
                .Where(p => !string.Equals(Path.GetFileNameWithoutExtension(p), typeof(ShippedAssemblies).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => p, StringComparer.OrdinalIgnoreCase));

        /// <summary>
        /// Null for names the module does not ship (another module's request is not ours to answer); else an
        /// assembly already loaded with that name, a version at least the one asked for and the same public key
        /// token; else the shipped file, only when it satisfies the request the same way (a request for System.Text.Json
        /// 9.0, or with another key, is not answered with the shipped 8.0).
        /// </summary>
        public Assembly Resolve(AssemblyName requested, IEnumerable<Assembly> loaded)
        {
            if (requested?.Name == null || !_paths.TryGetValue(requested.Name, out string path)) return null;
            foreach (var assembly in loaded)
            {
                var name = assembly.GetName();
                if (string.Equals(name.Name, requested.Name, StringComparison.OrdinalIgnoreCase) && Satisfies(name, requested))
                    return assembly;
            }
            if (!File.Exists(path)) return null;
            AssemblyName file;
            try { file = _nameOf(path); }
            catch (Exception ex) when (ex is BadImageFormatException || ex is IOException || ex is ArgumentException) { return null; }
            return Satisfies(file, requested) ? _load(path) : null;
        }

        static bool Satisfies(AssemblyName offered, AssemblyName requested) =>
            (requested.Version == null || offered.Version != null && offered.Version >= requested.Version) && SameKey(offered, requested);

        static bool SameKey(AssemblyName a, AssemblyName b)
        {
            var wanted = b.GetPublicKeyToken();
            return wanted == null || wanted.Length == 0 || (a.GetPublicKeyToken() ?? new byte[0]).SequenceEqual(wanted);
        }
    }
}
