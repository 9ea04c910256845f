using System;
using System.Runtime.InteropServices;
using System.Security;

namespace HuaweiMigration.Commands
{
    internal static class SecureStringExtensions
    {
        /// <summary>Reads a SecureString for the moment a credential is built; the copy lives only in that credential.</summary>
        public static string ToPlainText(this SecureString value)
        {
            if (value == null) return null;
            IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(value);
            // With the length, so a NUL inside reaches the credential checks instead of cutting the value.
            try { return Marshal.PtrToStringUni(ptr, value.Length); }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
        }
    }
}
