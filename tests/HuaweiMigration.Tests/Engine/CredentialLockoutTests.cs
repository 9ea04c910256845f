using System.Management.Automation;
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Iam;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// The gateway locks an access key after 5 rejected signatures. Connect proves the credential with one request, a
    /// session stops at its first 401, and an unproven session sends one request at a time: a wrong key costs one.
    /// </summary>
    public class CredentialLockoutTests
    {
        static string Id(ScriptResult r) => r.SingleError.FullyQualifiedErrorId.Split(',')[0];

        static SimHost WithWrongKey(out string connect, string extra = "")
        {
            var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("wrong", SimHost.Secure("Not-The-Secret-Key-0123456789abcdefghij"));
            connect = h.ConnectCommand().Replace("-SecretKey $sk", "-SecretKey $wrong") + " " + extra;
            return h;
        }

        [Fact]
        public void AWrongSecretKeyFailsConnectWithOneRejectedSignatureEvenWithAProjectId()
        {
            using var h = WithWrongKey(out string connect);
            Assert.Contains("-ProjectId", connect);
            var r = h.Run(connect);
            Assert.Equal("APIG.0301", Id(r));
            Assert.Equal(h.Scenario.Region, r.SingleError.TargetObject);
            Assert.Equal(1, h.Sim.Requests.Unauthorized());
            Assert.Equal(1, h.Sim.Requests.Count(Routes.IamProjects));
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            Assert.Equal("NotConnected", Id(h.Run("Get-DcsMigrationTask")));
            Assert.Equal(1, h.Sim.Requests.Count());
        }

        [Fact]
        public void TheRightKeyWithAProjectIdCostsOneProjectsRequestAtConnect()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(h.ConnectCommand() + " -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Warnings);
            var q = Assert.Single(h.Sim.Requests.All);
            Assert.Equal(Routes.IamProjects, q.Route);
            Assert.Equal("?name=" + h.Scenario.Region, q.Query);
            Assert.Equal(200, q.StatusCode);
        }

        [Fact]
        public void AForbiddenProjectsAnswerStillProvesTheSignature()
        {
            using var h = SimHost.Start(connect: false);
            h.Sim.Faults.Add(Fault.ServiceError(403, "IAM.0002", "You do not have permission to perform this operation.").On(Routes.IamProjects));
            var r = h.Run(h.ConnectCommand() + "; Get-DcsMigrationTask");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Warnings);
            Assert.NotEmpty(r.Output);
        }

        [Fact]
        public void TheGivenProjectIdIsKeptWhenTheRegionsMainProjectDiffers()
        {
            using var h = SimHost.Start(connect: false);
            h.Sim.Faults.Add(Fault.Malformed("{\"projects\":[{\"id\":\"ffffffffffffffffffffffffffffffff\",\"name\":\"cn-north-4\"}]}").On(Routes.IamProjects));
            var r = h.Run(h.ConnectCommand() + " -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(h.Scenario.ProjectId, r.Objects<HuaweiCloudSession>().Single().ProjectId);
        }

        [Fact]
        public void AnIamThatCannotAnswerIsAWarningNotAFailedConnect()
        {
            using var h = SimHost.Start(connect: false);
            h.Sim.Faults.Add(Fault.ServiceError(404, "APIG.0101", "The API does not exist or has not been published in the environment.").On(Routes.IamProjects));
            var r = h.Run(h.ConnectCommand() + "; Get-DcsMigrationTask");
            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Warnings, w => w.Contains("APIG.0101") && w.Contains("one request at a time"));
            Assert.NotEmpty(r.Output);
        }

        [Fact]
        public void SkipCredentialCheckSendsNothingAtConnect()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(h.ConnectCommand() + " -SkipCredentialCheck -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Fact]
        public void TwentyIdsWithAWrongKeyCostOneRejectedSignature()
        {
            using var h = WithWrongKey(out string connect, "-SkipCredentialCheck");
            Assert.Empty(h.Run(connect).AllErrors);
            string ids = string.Join(",", Enumerable.Range(0, 20).Select(i => h.Scenario.DcsTasks[i % 4].TaskId));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {ids} -ThrottleLimit 8");
            // The one request sent is rejected; the 19 not sent share one error that counts them.
            Assert.Equal(new[] { "APIG.0301", "RequestsNotSent" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Equal(19, ((string[])r.Errors[1].TargetObject).Length);
            Assert.Contains("19 requests were not sent", r.Errors[1].Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Unauthorized());
            Assert.Equal(1, h.Sim.Requests.Count());
        }

        [Fact]
        public void AWatchOverFourTasksAndFourJobsWithAWrongKeyCostsOneRejectedSignature()
        {
            using var h = WithWrongKey(out string connect, "-SkipCredentialCheck");
            Assert.Empty(h.Run(connect).AllErrors);
            string tasks = string.Join(",", h.Scenario.DcsTasks.Take(4).Select(t => t.TaskId));
            string jobs = string.Join(",", h.Scenario.DrsJobs.Take(4).Select(j => j.JobId));
            var r = h.Run($"Watch-Migration -DcsTaskId {tasks} -DrsJobId {jobs} -Interval 1 -Timeout 3");
            Assert.Contains(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("APIG.0301"));
            Assert.Equal(1, h.Sim.Requests.Unauthorized());
            Assert.Equal(1, h.Sim.Requests.Count());
        }

        [Fact]
        public void AfterTheFirst401ASessionSendsNothingUntilANewConnect()
        {
            using var h = SimHost.Start();
            string id = h.Scenario.DcsTasks[0].TaskId;
            h.Sim.Requests.Clear();
            h.Sim.Faults.Add(Fault.Unauthorized().On(Routes.DcsStats));
            Assert.Equal("APIG.0301", Id(h.Run($"Get-DcsMigrationStats -TaskId {id}")));
            var later = h.Run($"Get-DcsMigrationTask -TaskId {id}; Get-DrsJobProgress -JobId {h.Scenario.DrsJobs[0].JobId}");
            Assert.Equal(2, later.AllErrors.Count);
            Assert.All(later.AllErrors, e => Assert.Equal("RequestsNotSent", e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Equal(ErrorCategory.AuthenticationError, later.AllErrors[0].CategoryInfo.Category);
            Assert.Contains("Connect-HuaweiCloud", later.AllErrors[0].Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count());

            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            var after = h.Run($"Get-DcsMigrationTask -TaskId {id}");
            Assert.Empty(after.AllErrors);
            Assert.Single(after.Output);
        }

        [Fact]
        public async Task TheProjectIdCacheNeverHidesAWrongSecretKey()
        {
            await using var sim = await SimulatorServer.StartAsync(SimHost.FrozenDemo());
            var c = sim.Scenario.Credentials[0];
            using var right = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(c.AccessKey, c.SecretKey), TimeSpan.FromSeconds(10));
            using var wrong = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(c.AccessKey, "wrong-" + c.SecretKey), TimeSpan.FromSeconds(10));
            // The cache is process-wide but keyed on the endpoint too, and this simulator's port is its own.
            string region = sim.Scenario.Region;
            var iamRight = new IamClient(right, sim.BaseUrl);
            Assert.Equal(sim.Scenario.ProjectId, await iamRight.GetProjectIdAsync(region, null, CancellationToken.None));
            Assert.Equal(sim.Scenario.ProjectId, await iamRight.GetProjectIdAsync(region, null, CancellationToken.None));
            int sent = sim.Requests.Count(Routes.IamProjects);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => new IamClient(wrong, sim.BaseUrl).GetProjectIdAsync(region, null, CancellationToken.None));
            Assert.Equal("APIG.0301", e.ErrorCode);
            Assert.Equal(sent + 1, sim.Requests.Count(Routes.IamProjects));
        }
    }
}
