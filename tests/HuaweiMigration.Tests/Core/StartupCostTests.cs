using System;
using System.Linq;
using System.Reflection;
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

        /// <summary>
        /// Every request is signed, so the first one pays for each generic LINQ instantiation the signer uses (over
        /// KeyValuePair, about 70 methods compiled on the pipeline thread of a fresh process). Reads the signer's IL for
        /// calls into System.Linq.Enumerable.
        /// </summary>
        [Fact]
        public void TheSignerCallsNoLinq()
        {
            var linq = typeof(SdkHmacSha256Signer).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(m => CalledMethods(m).Select(called => m.Name + " -> " + called.DeclaringType?.Name + "." + called.Name))
                .Where(call => call.Contains("-> Enumerable."))
                .Distinct().ToList();
            Assert.True(linq.Count == 0, "the signer calls LINQ: " + string.Join(", ", linq));
            Assert.NotEmpty(CalledMethods(typeof(SdkHmacSha256Signer).GetMethod(nameof(SdkHmacSha256Signer.CanonicalQuery))));
        }

        /// <summary>
        /// The answers of a runbook's first calls are read by WireReader: the serializer's metadata for their wire types
        /// (about 400 generic instantiations, compiled before a fresh process's first answer) is never built for them.
        /// Reads the IL of the parsing methods and of the async request methods' state machines.
        /// </summary>
        [Theory]
        [InlineData(typeof(HuaweiMigration.Dcs.DcsClient), "ParseTask")]
        [InlineData(typeof(HuaweiMigration.Dcs.DcsClient), "ParseStats")]
        [InlineData(typeof(HuaweiMigration.Dcs.DcsClient), "ParseTaskList")]
        [InlineData(typeof(HuaweiMigration.Dcs.DcsClient), "StopTaskAsync")]
        [InlineData(typeof(HuaweiMigration.Drs.DrsClient), "ParseBatch")]
        [InlineData(typeof(HuaweiMigration.Drs.DrsClient), "GetJobProgressAsync")]
        [InlineData(typeof(HuaweiMigration.Iam.IamClient), "GetProjectIdAsync")]
        public void TheFirstCallsBuildNoSerializerMetadata(Type client, string name)
        {
            var method = client.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance);
            var body = method.GetCustomAttribute<System.Runtime.CompilerServices.AsyncStateMachineAttribute>()?.StateMachineType.GetMethod("MoveNext",
                BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) ?? method;
            var calls = CalledMethods(body).Select(m => m.DeclaringType?.Name + "." + m.Name).ToList();
            Assert.NotEmpty(calls);
            var serializer = calls.Where(c => c.StartsWith("WireJson.", StringComparison.Ordinal) || c.StartsWith("WireJsonContext.", StringComparison.Ordinal)
                || c.StartsWith("JsonSerializer.", StringComparison.Ordinal)).Distinct().ToList();
            Assert.True(serializer.Count == 0, $"{client.Name}.{name} calls the serializer: " + string.Join(", ", serializer));
        }

        /// <summary>The methods a method's IL calls (call, callvirt, newobj, ldftn operands).</summary>
        static System.Collections.Generic.IEnumerable<MethodBase> CalledMethods(MethodInfo method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? Array.Empty<byte>();
            for (int i = 0; i + 4 < il.Length; i++)
            {
                bool call = il[i] == 0x28 || il[i] == 0x6F || il[i] == 0x73 || (il[i] == 0xFE && il[i + 1] == 0x06);
                if (!call) continue;
                int at = il[i] == 0xFE ? i + 2 : i + 1;
                if (at + 4 > il.Length) continue;
                int token = BitConverter.ToInt32(il, at);
                if ((token >> 24) != 0x0A && (token >> 24) != 0x06 && (token >> 24) != 0x2B) continue;
                MethodBase called = null;
                try { called = method.Module.ResolveMethod(token, method.DeclaringType.GetGenericArguments(), method.GetGenericArguments()); }
                catch (ArgumentException) { }
                if (called != null) yield return called;
            }
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
