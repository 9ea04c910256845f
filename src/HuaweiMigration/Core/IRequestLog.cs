namespace HuaweiMigration.Core
{
    /// <summary>Where the HTTP layer reports each request; the cmdlets route it to the verbose and debug streams.</summary>
    public interface IRequestLog
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    public sealed class NullRequestLog : IRequestLog
    {
        public static readonly NullRequestLog Instance = new NullRequestLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
