using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// The start-up side of issue 24, without timings (tests/HuaweiMigration.Benchmarks measures those): every wire type
    /// has source-generated metadata, nothing falls back to reflection, and the first-call warm-up runs every step.
    /// </summary>
    public class StartupCostTests
    {
        static Type[] WireTypes() => typeof(WireJsonContext).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Wire", StringComparison.Ordinal) && !typeof(JsonConverter).IsAssignableFrom(t))
            .ToArray();

        [Fact]
        public void EveryWireTypeHasSourceGeneratedMetadata()
        {
            var types = WireTypes();
            Assert.True(types.Length > 20, "the wire types were not found: " + types.Length);
            var missing = types.Where(t => WireJsonContext.Default.GetTypeInfo(t) == null).Select(t => t.FullName).ToList();
            Assert.True(missing.Count == 0, "no source-generated metadata (add [JsonSerializable] to WireJsonContext): " + string.Join(", ", missing));
        }

        sealed class NotInTheContext { public string Name { get; set; } }

        [Fact]
        public void TheContextNeverFallsBackToReflection()
        {
            var ex = Record.Exception(() => JsonSerializer.Deserialize("{}", typeof(NotInTheContext), WireJsonContext.Default.Options));
            Assert.True(ex is InvalidOperationException || ex is NotSupportedException, "expected a refusal, got " + (ex?.GetType().Name ?? "a result"));
        }

        [Fact]
        public void TheWarmUpRunsEveryStep()
        {
            // A step whose canned answer no longer parses would be skipped silently, and its code compiled on the pipeline thread again.
            Assert.Equal(FirstCallWarmUp.Steps.Count, FirstCallWarmUp.Run());
        }

        [Fact]
        public async System.Threading.Tasks.Task TheWarmUpStartsOnce()
        {
            FirstCallWarmUp.Start();
            var first = FirstCallWarmUp.Completion;
            FirstCallWarmUp.Start();
            Assert.Same(first, FirstCallWarmUp.Completion);
            await first;
        }
    }
}
