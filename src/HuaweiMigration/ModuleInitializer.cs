using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace HuaweiMigration
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no binding redirects for the module's dependencies
    /// (System.Text.Json and the System.Memory family), so requests for them resolve to the copies beside the module,
    /// whatever version was asked for. PowerShell 7 needs nothing: it already carries newer versions of them all.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
        static readonly bool IsDesktop = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (!IsDesktop) return;
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
            // Older Windows versions leave TLS 1.2 off for .NET Framework by default; Huawei Cloud endpoints require it.
            System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsDesktop) AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
        }

        static Assembly ResolveFromModuleDirectory(object sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name;
            string path = Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
