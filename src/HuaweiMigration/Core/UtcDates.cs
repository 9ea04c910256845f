using System;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Output types keep times as DateTime (Kind Utc, with a Kind Local twin), as AWS Tools and Az do: PowerShell
    /// has no operator between DateTime and DateTimeOffset, so (Get-Date) - $x.CreatedAt needs a DateTime.
    /// </summary>
    internal static class UtcDates
    {
        public static DateTime? Utc(this DateTimeOffset? value) => value?.UtcDateTime;
    }
}
