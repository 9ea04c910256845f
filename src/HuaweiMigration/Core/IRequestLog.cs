namespace HuaweiMigration.Core
{
    /// <summary>Where the HTTP layer reports each request; the cmdlets route it to the verbose and debug streams.</summary>
    public interface IRequestLog
    {
        /// <summary>Whether anyone reads <see cref="Verbose"/> lines; when false the HTTP layer does not build them.</summary>
        bool IsVerboseEnabled { get; }
        /// <summary>Whether anyone reads <see cref="Debug"/> lines (the request headers); when false they are not built.</summary>
        bool IsDebugEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    public sealed class NullRequestLog : IRequestLog
    {
        public static readonly NullRequestLog Instance = new NullRequestLog();
        public bool IsVerboseEnabled => false;
        public bool IsDebugEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
