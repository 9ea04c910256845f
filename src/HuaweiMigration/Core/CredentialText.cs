using System;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Checks credential text before a credential is built. Keys and tokens travel in HTTP headers or sign them: a CR or
    /// LF would add headers to every request, a NUL cuts the value, and a non-ASCII character makes every request fail.
    /// The error names where the value came from and what is wrong with it, never the value.
    /// </summary>
    public static class CredentialText
    {
        /// <summary>Returns <paramref name="value"/> (null stays null) or throws ArgumentException (InvalidCredential at Connect).</summary>
        /// <param name="value">The text to check.</param>
        /// <param name="what">What it is: "access key", "secret key", "security token", "token".</param>
        /// <param name="source">Where it came from: a parameter, an environment variable or a profile.</param>
        public static string Check(string value, string what, string source)
        {
            if (value == null) return null;
            foreach (char c in value)
            {
                if (c < 0x20 || c == 0x7F)
                    throw Refused(what, source, c == '\0' ? "a NUL character" : c == '\r' || c == '\n' ? "a line break" : "a control character");
                if (c > 0x7E)
                    throw Refused(what, source, "a non-ASCII character");
            }
            return value;
        }

        static ArgumentException Refused(string what, string source, string problem) => new ArgumentException(
            $"The {what} from {source} holds {problem}, which no Huawei Cloud credential has; it is refused so that nothing " +
            "else reaches the request headers. Copy the value again without it.");
    }
}
