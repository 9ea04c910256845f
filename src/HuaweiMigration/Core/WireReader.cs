using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Iam;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Reads the answers of a runbook's first calls (the DCS task details, stats and list, the DRS batch progress, IAM's
    /// project list) straight from a <see cref="Utf8JsonReader"/> into their wire types, with what <see cref="WireJson.Parse"/> gives over the
    /// source-generated metadata: the same flexible values, the same fields required or dropped with the same warnings,
    /// the same InvalidResponse errors. It builds no serializer metadata, whose generic instantiations a fresh process
    /// would otherwise compile before its first answer (issue 24). WireReaderTests hold both to the same results.
    /// </summary>
    internal sealed class WireReader
    {
        static readonly JsonReaderOptions Options = new JsonReaderOptions { MaxDepth = 64 };

        const string StringType = "System.String", LongType = "System.Nullable`1[System.Int64]",
            DoubleType = "System.Nullable`1[System.Double]", BoolType = "System.Nullable`1[System.Boolean]";

        static readonly string[] TaskFields =
        {
            "task_id", "task_name", "description", "status", "migration_type", "migration_method", "data_source", "ecs_tenant_private_ip",
            "backup_files", "network_type", "source_instance", "target_instance", "source_instance_name", "target_instance_name",
            "created_at", "updated_at", "released_at", "version", "resume_mode", "supported_features", "tenant_vpc_id",
            "tenant_subnet_id", "tenant_security_group_id", "bandwidth_limit_mb", "task_status",
        };
        static readonly string[] InstanceFields = { "id", "name", "addrs", "ip", "port", "db", "proxy_multi_db", "task_status" };
        static readonly string[] BackupFilesFields = { "file_source", "bucket_name", "backup_id", "files" };
        static readonly string[] BackupFileFields = { "file_name", "size", "update_at" };
        static readonly string[] StatsFields =
            { "full_migration_progress", "offset", "source_dbsize", "target_dbsize", "target_input_kbps", "target_ops", "is_migrating" };
        static readonly string[] ProjectListFields = { "projects" };
        static readonly string[] TaskListFields = { "count", "migration_tasks" };
        static readonly string[] BatchFields = { "count", "results" };
        static readonly string[] ProgressFields =
        {
            "job_id", "progress", "incre_trans_delay", "incre_trans_delay_millis", "task_mode", "transfer_status", "process_time",
            "remaining_time", "progress_map", "error_code", "error_msg",
        };
        static readonly string[] PartFields = { "name", "completed", "remaining_time" };
        const string ProgressMapType =
            "System.Collections.Generic.List`1[System.Collections.Generic.KeyValuePair`2[System.String,HuaweiMigration.Drs.DrsPartWire]]";
        static readonly string[] ProjectFields = { "id", "name" };

        readonly byte[] _body;
        readonly string _what, _requestId;
        readonly FieldTolerance _tolerance;
        // The path the serializer would report: member names (string, or byte[] for unknown ones) and array indexes.
        readonly List<object> _path = new List<object>(8);
        int _drops;
        bool? _patchable;
        // Reading one progress_map entry, as the converter's nested Deserialize: every failure is that entry's.
        readonly bool _inPart;

        WireReader(byte[] body, string what, string requestId, FieldTolerance tolerance)
        {
            if (body == null || body.Length == 0) throw WireJson.Invalid(what, "the body is empty", requestId);
            _body = body;
            _what = what; _requestId = requestId; _tolerance = tolerance;
        }

        WireReader(WireReader outer)
        {
            _body = outer._body; _what = outer._what; _requestId = outer._requestId; _inPart = true;
        }

        ReadOnlySpan<byte> Json => WireJson.WithoutBom(_body);

        public static DcsTaskWire DcsTask(byte[] body, string what, string requestId = null, FieldTolerance tolerance = null) =>
            (DcsTaskWire)Read(body, what, requestId, tolerance, Shape.Task);

        public static DcsStatsWire DcsStats(byte[] body, string what, string requestId = null, FieldTolerance tolerance = null) =>
            (DcsStatsWire)Read(body, what, requestId, tolerance, Shape.Stats);

        public static ProjectListWire ProjectList(byte[] body, string what, string requestId = null, FieldTolerance tolerance = null) =>
            (ProjectListWire)Read(body, what, requestId, tolerance, Shape.ProjectList);

        public static DcsTaskListWire DcsTaskList(byte[] body, string what, string requestId = null, FieldTolerance tolerance = null) =>
            (DcsTaskListWire)Read(body, what, requestId, tolerance, Shape.TaskList);

        public static DrsBatchWire DrsBatch(byte[] body, string what, string requestId = null, FieldTolerance tolerance = null) =>
            (DrsBatchWire)Read(body, what, requestId, tolerance, Shape.Batch);

        static object Read(byte[] body, string what, string requestId, FieldTolerance tolerance, Shape shape)
        {
            var w = new WireReader(body, what, requestId, tolerance);
            var r = new Utf8JsonReader(w.Json, Options);
            return w.Root(ref r, shape);
        }

        /// <summary>The batch progress request, {"jobs":[...]}, as the serializer writes it.</summary>
        public static byte[] DrsBatchRequest(IReadOnlyList<string> jobIds)
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("jobs");
                    foreach (var id in jobIds) writer.WriteStringValue(id);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        enum Shape { Task, Stats, ProjectList, TaskList, Batch }

        object Root(ref Utf8JsonReader r, Shape shape)
        {
            try
            {
                Next(ref r);
                object result = null;
                if (r.TokenType != JsonTokenType.Null)
                {
                    switch (shape)
                    {
                        case Shape.Task: result = Task(ref r); break;
                        case Shape.Stats: result = Stats(ref r); break;
                        case Shape.TaskList: result = TaskList(ref r); break;
                        case Shape.Batch: result = Batch(ref r); break;
                        default: result = Projects(ref r); break;
                    }
                }
                // Anything but white space after the value: the reader throws, as the serializer's own check does.
                if (r.Read()) throw WireJson.Invalid(_what, "the JSON is malformed", _requestId);
                return result ?? throw WireJson.Invalid(_what, "the body is null", _requestId);
            }
            catch (JsonException ex)
            {
                // Only the reader throws JsonException this far (the values' own are handled where they are read). Its
                // message quotes the body from the bad token on when it is long, so that is replaced by the position.
                string text = WireJson.QuotesTheBody(ex.Message) ? "the JSON is malformed" : WireJson.Shorten(ex.Message);
                text += $" (at {WireJson.Shorten(PathText())}, line {ex.LineNumber}, byte {ex.BytePositionInLine})";
                throw WireJson.Invalid(_what, text, _requestId);
            }
        }

        DcsTaskWire Task(ref Utf8JsonReader r) => (DcsTaskWire)Members(ref r, "HuaweiMigration.Dcs.DcsTaskWire", TaskFields, new DcsTaskWire(), TaskMember);

        static void TaskMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsTaskWire)target;
            switch (field)
            {
                case "task_id": o.TaskId = w.Text(ref r); break;
                case "task_name": o.TaskName = w.Text(ref r); break;
                case "description": o.Description = w.Text(ref r); break;
                case "status": o.Status = w.Text(ref r); break;
                case "migration_type": o.MigrationType = w.Text(ref r); break;
                case "migration_method": o.MigrationMethod = w.Text(ref r); break;
                case "data_source": o.DataSource = w.Text(ref r); break;
                case "ecs_tenant_private_ip": o.EcsTenantPrivateIp = w.Text(ref r); break;
                case "backup_files": o.BackupFiles = r.TokenType == JsonTokenType.Null ? null : w.BackupFiles(ref r); break;
                case "network_type": o.NetworkType = w.Text(ref r); break;
                case "source_instance": o.SourceInstance = r.TokenType == JsonTokenType.Null ? null : w.Instance(ref r); break;
                case "target_instance": o.TargetInstance = r.TokenType == JsonTokenType.Null ? null : w.Instance(ref r); break;
                case "source_instance_name": o.SourceInstanceName = w.Text(ref r); break;
                case "target_instance_name": o.TargetInstanceName = w.Text(ref r); break;
                case "created_at": o.CreatedAt = w.Text(ref r); break;
                case "updated_at": o.UpdatedAt = w.Text(ref r); break;
                case "released_at": o.ReleasedAt = w.Text(ref r); break;
                case "version": o.Version = w.Text(ref r); break;
                case "resume_mode": o.ResumeMode = w.Text(ref r); break;
                case "supported_features": o.SupportedFeatures = w.Strings(ref r); break;
                case "tenant_vpc_id": o.VpcId = w.Text(ref r); break;
                case "tenant_subnet_id": o.SubnetId = w.Text(ref r); break;
                case "tenant_security_group_id": o.SecurityGroupId = w.Text(ref r); break;
                case "bandwidth_limit_mb": o.BandwidthLimitMb = w.Text(ref r); break;
                case "task_status": o.TaskStatus = w.Text(ref r); break;
            }
        }

        DcsInstanceWire Instance(ref Utf8JsonReader r) => (DcsInstanceWire)Members(ref r, "HuaweiMigration.Dcs.DcsInstanceWire", InstanceFields, new DcsInstanceWire(), InstanceMember);

        static void InstanceMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsInstanceWire)target;
            switch (field)
            {
                case "id": o.Id = w.Text(ref r); break;
                case "name": o.Name = w.Text(ref r); break;
                case "addrs": o.Addrs = w.Text(ref r); break;
                case "ip": o.Ip = w.Text(ref r); break;
                case "port": o.Port = w.Long(ref r); break;
                case "db": o.Db = w.Text(ref r); break;
                case "proxy_multi_db": o.ProxyMultiDb = w.Bool(ref r); break;
                case "task_status": o.TaskStatus = w.Text(ref r); break;
            }
        }

        DcsBackupFilesWire BackupFiles(ref Utf8JsonReader r) => (DcsBackupFilesWire)Members(ref r, "HuaweiMigration.Dcs.DcsBackupFilesWire", BackupFilesFields, new DcsBackupFilesWire(), BackupFilesMember);

        static void BackupFilesMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsBackupFilesWire)target;
            switch (field)
            {
                case "file_source": o.FileSource = w.Text(ref r); break;
                case "bucket_name": o.BucketName = w.Text(ref r); break;
                case "backup_id": o.BackupId = w.Text(ref r); break;
                case "files": o.Files = r.TokenType == JsonTokenType.Null ? null : w.Files(ref r); break;
            }
        }

        List<DcsBackupFileWire> Files(ref Utf8JsonReader r) => (List<DcsBackupFileWire>)Items(ref r,
            "System.Collections.Generic.List`1[HuaweiMigration.Dcs.DcsBackupFileWire]", new List<DcsBackupFileWire>(), (WireReader w, ref Utf8JsonReader x) => w.BackupFile(ref x));

        DcsBackupFileWire BackupFile(ref Utf8JsonReader r) => (DcsBackupFileWire)Members(ref r, "HuaweiMigration.Dcs.DcsBackupFileWire", BackupFileFields, new DcsBackupFileWire(), BackupFileMember);

        static void BackupFileMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsBackupFileWire)target;
            switch (field)
            {
                case "file_name": o.FileName = w.Text(ref r); break;
                case "size": o.Size = w.Long(ref r); break;
                case "update_at": o.UpdateAt = w.Text(ref r); break;
            }
        }

        DcsTaskListWire TaskList(ref Utf8JsonReader r) => (DcsTaskListWire)Members(ref r, "HuaweiMigration.Dcs.DcsTaskListWire", TaskListFields, new DcsTaskListWire(), TaskListMember);

        static void TaskListMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsTaskListWire)target;
            switch (field)
            {
                case "count": o.Count = w.Long(ref r); break;
                case "migration_tasks": o.MigrationTasks = r.TokenType == JsonTokenType.Null ? null : w.Tasks(ref r); break;
            }
        }

        List<DcsTaskWire> Tasks(ref Utf8JsonReader r) => (List<DcsTaskWire>)Items(ref r,
            "System.Collections.Generic.List`1[HuaweiMigration.Dcs.DcsTaskWire]", new List<DcsTaskWire>(), (WireReader w, ref Utf8JsonReader x) => w.Task(ref x),
            id => new DcsTaskWire { TaskId = id });

        DrsBatchWire Batch(ref Utf8JsonReader r) => (DrsBatchWire)Members(ref r, "HuaweiMigration.Drs.DrsBatchWire", BatchFields, new DrsBatchWire(), BatchMember);

        static void BatchMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DrsBatchWire)target;
            switch (field)
            {
                case "count": o.Count = w.Long(ref r); break;
                case "results": o.Results = r.TokenType == JsonTokenType.Null ? null : w.Progresses(ref r); break;
            }
        }

        List<DrsProgressWire> Progresses(ref Utf8JsonReader r) => (List<DrsProgressWire>)Items(ref r,
            "System.Collections.Generic.List`1[HuaweiMigration.Drs.DrsProgressWire]", new List<DrsProgressWire>(),
            (WireReader w, ref Utf8JsonReader x) => w.Members(ref x, "HuaweiMigration.Drs.DrsProgressWire", ProgressFields, new DrsProgressWire(), ProgressMember),
            id => new DrsProgressWire { JobId = id });

        static void ProgressMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DrsProgressWire)target;
            switch (field)
            {
                case "job_id": o.JobId = w.Text(ref r); break;
                case "progress": o.Progress = w.Double(ref r); break;
                case "incre_trans_delay": o.IncrementalDelaySeconds = w.Double(ref r); break;
                case "incre_trans_delay_millis": o.IncrementalDelayMillis = w.Double(ref r); break;
                case "task_mode": o.TaskMode = w.Text(ref r); break;
                case "transfer_status": o.TransferStatus = w.Text(ref r); break;
                case "process_time": o.ProcessTime = w.Text(ref r); break;
                case "remaining_time": o.RemainingTime = w.Text(ref r); break;
                case "progress_map":
                    // What a dropped progress_map reads as: the converter's null, no parts.
                    o.ProgressMap = new List<KeyValuePair<string, DrsPartWire>>();
                    o.ProgressMap = w.ProgressMap(ref r);
                    break;
                case "error_code": o.ErrorCode = w.Text(ref r); break;
                case "error_msg": o.ErrorMessage = w.Text(ref r); break;
            }
        }

        /// <summary>progress_map as <see cref="ProgressMapConverter"/> reads it: an object keyed by part, or an array, in the service's order.</summary>
        List<KeyValuePair<string, DrsPartWire>> ProgressMap(ref Utf8JsonReader r)
        {
            var parts = new List<KeyValuePair<string, DrsPartWire>>();
            switch (r.TokenType)
            {
                case JsonTokenType.Null:
                    return parts;
                case JsonTokenType.StartObject:
                    while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                    {
                        string name = null;
                        try { name = r.GetString(); }
                        catch (InvalidOperationException) { Mismatch(ref r, ProgressMapType); }
                        r.Read();
                        var part = Part(ref r, name);
                        if (part != null) parts.Add(new KeyValuePair<string, DrsPartWire>(name, part));
                    }
                    return parts;
                case JsonTokenType.StartArray:
                    int index = 0;
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        string entry = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        var part = Part(ref r, entry);
                        if (part != null) parts.Add(new KeyValuePair<string, DrsPartWire>(part.Name ?? entry, part));
                        index++;
                    }
                    return parts;
                default:
                    Refused(ref r, $"Expected progress_map to be an object or an array but found {r.TokenType}.");
                    return null;
            }
        }

        /// <summary>One progress_map entry; a failure in it is reported as the converter does, naming the entry.</summary>
        DrsPartWire Part(ref Utf8JsonReader r, string entry)
        {
            if (r.TokenType == JsonTokenType.Null) return null;
            var part = new WireReader(this);
            string failure, at = "";
            try
            {
                // The nested Deserialize skips the entry first, so the reader's own errors come before any value's, at its root.
                var probe = r;
                probe.Skip();
            }
            catch (JsonException ex)
            {
                Refused(ref r, $"progress_map entry '{entry}' at : {ex.Message}");
            }
            try
            {
                return (DrsPartWire)part.Members(ref r, "HuaweiMigration.Drs.DrsPartWire", PartFields, new DrsPartWire(), PartMember);
            }
            catch (PartFailure ex) { failure = ex.Message; at = part.PathText().TrimStart('$').TrimStart('.'); }
            Refused(ref r, $"progress_map entry '{entry}' at {at}: {failure}");
            return null;
        }

        static void PartMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DrsPartWire)target;
            switch (field)
            {
                case "name": o.Name = w.Text(ref r); break;
                case "completed": o.Completed = w.Double(ref r); break;
                case "remaining_time": o.RemainingTime = w.Text(ref r); break;
            }
        }

        DcsStatsWire Stats(ref Utf8JsonReader r) => (DcsStatsWire)Members(ref r, "HuaweiMigration.Dcs.DcsStatsWire", StatsFields, new DcsStatsWire(), StatsMember);

        static void StatsMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (DcsStatsWire)target;
            switch (field)
            {
                case "full_migration_progress": o.FullMigrationProgress = w.Double(ref r); break;
                case "offset": o.Offset = w.Long(ref r); break;
                case "source_dbsize": o.SourceDbSize = w.Long(ref r); break;
                case "target_dbsize": o.TargetDbSize = w.Long(ref r); break;
                case "target_input_kbps": o.TargetInputKbps = w.Double(ref r); break;
                case "target_ops": o.TargetOps = w.Long(ref r); break;
                case "is_migrating": o.IsMigrating = w.Bool(ref r); break;
            }
        }

        ProjectListWire Projects(ref Utf8JsonReader r) => (ProjectListWire)Members(ref r, "HuaweiMigration.Iam.ProjectListWire", ProjectListFields, new ProjectListWire(), ProjectsMember);

        static void ProjectsMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            ((ProjectListWire)target).Projects = r.TokenType == JsonTokenType.Null ? null : w.ProjectEntries(ref r);
        }

        List<ProjectWire> ProjectEntries(ref Utf8JsonReader r) => (List<ProjectWire>)Items(ref r,
            "System.Collections.Generic.List`1[HuaweiMigration.Iam.ProjectWire]", new List<ProjectWire>(), (WireReader w, ref Utf8JsonReader x) => w.Project(ref x));

        ProjectWire Project(ref Utf8JsonReader r) => (ProjectWire)Members(ref r, "HuaweiMigration.Iam.ProjectWire", ProjectFields, new ProjectWire(), ProjectMember);

        static void ProjectMember(WireReader w, ref Utf8JsonReader r, object target, string field)
        {
            var o = (ProjectWire)target;
            switch (field)
            {
                case "id": o.Id = w.Text(ref r); break;
                case "name": o.Name = w.Text(ref r); break;
            }
        }

        delegate void MemberReader(WireReader w, ref Utf8JsonReader r, object target, string field);
        delegate object ItemReader(WireReader w, ref Utf8JsonReader r);
        delegate object BareEntry(string id);

        /// <summary>Reads an object's members into <paramref name="target"/>: known ones by <paramref name="read"/>, others skipped.</summary>
        object Members(ref Utf8JsonReader r, string type, string[] fields, object target, MemberReader read)
        {
            ExpectObject(ref r, type);
            while (Member(ref r, type, fields, out string field, out int depth))
            {
                try
                {
                    if (field == null) r.Skip();
                    else read(this, ref r, target, field);
                }
                catch (DroppedValue) { SkipRest(ref r, depth); }
                _path.RemoveAt(_path.Count - 1);
            }
            return target;
        }

        /// <summary>Reads an array of objects (or nulls) into <paramref name="list"/>.</summary>
        System.Collections.IList Items(ref Utf8JsonReader r, string type, System.Collections.IList list, ItemReader read, BareEntry bare = null)
        {
            if (r.TokenType != JsonTokenType.StartArray) Mismatch(ref r, type);
            _path.Add(0);
            while (true)
            {
                _path[_path.Count - 1] = list.Count;
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                int depth = r.CurrentDepth, level = _path.Count;
                try { list.Add(r.TokenType == JsonTokenType.Null ? null : read(this, ref r)); }
                catch (FailedEntry failed) when (bare != null)
                {
                    // As WireJson.Parse, which turns the entry into a bare id: the caller fails the page, naming this entry.
                    _path.RemoveRange(level, _path.Count - level);
                    SkipRest(ref r, depth);
                    list.Add(bare(failed.Id));
                }
            }
            _path.RemoveAt(_path.Count - 1);
            return list;
        }

        /// <summary>A plain string array (no flexible reading of its items, as the serializer's own).</summary>
        List<string> Strings(ref Utf8JsonReader r)
        {
            const string type = "System.Collections.Generic.List`1[System.String]";
            if (r.TokenType == JsonTokenType.Null) return null;
            if (r.TokenType != JsonTokenType.StartArray) Mismatch(ref r, type);
            var list = new List<string>();
            _path.Add(0);
            while (true)
            {
                _path[_path.Count - 1] = list.Count;
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (r.TokenType == JsonTokenType.Null) { list.Add(null); continue; }
                if (r.TokenType != JsonTokenType.String) Mismatch(ref r, StringType);
                string item = null;
                try { item = r.GetString(); }
                catch (InvalidOperationException) { Mismatch(ref r, StringType); }
                list.Add(item);
            }
            _path.RemoveAt(_path.Count - 1);
            return list;
        }

        // ---------- values: the flexible readers, with the serializer's handling of their failures ----------

        string Text(ref Utf8JsonReader r)
        {
            try { return FlexibleValue.ReadString(ref r); }
            catch (JsonException ex) { Refused(ref r, ex.Message); }
            catch (InvalidOperationException) { Mismatch(ref r, StringType); }
            return null;
        }

        long? Long(ref Utf8JsonReader r)
        {
            try { return FlexibleValue.ReadLong(ref r); }
            catch (JsonException ex) { Refused(ref r, ex.Message); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException) { Mismatch(ref r, LongType); }
            return null;
        }

        double? Double(ref Utf8JsonReader r)
        {
            try { return FlexibleValue.ReadDouble(ref r); }
            catch (JsonException ex) { Refused(ref r, ex.Message); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException) { Mismatch(ref r, DoubleType); }
            return null;
        }

        bool? Bool(ref Utf8JsonReader r)
        {
            try { return FlexibleValue.ReadBool(ref r); }
            catch (JsonException ex) { Refused(ref r, ex.Message); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException) { Mismatch(ref r, BoolType); }
            return null;
        }

        // ---------- structure ----------

        /// <summary>Reads the next token; the end of the body where a token belongs is malformed.</summary>
        void Next(ref Utf8JsonReader r)
        {
            if (!r.Read()) throw WireJson.Invalid(_what, $"the JSON is malformed (at {WireJson.Shorten(PathText())})", _requestId);
        }

        void ExpectObject(ref Utf8JsonReader r, string type)
        {
            if (r.TokenType != JsonTokenType.StartObject) Mismatch(ref r, type);
        }

        /// <summary>
        /// Reads the next member's name and its value's first token; false at the end of the object. The name goes on the
        /// path; <paramref name="field"/> is the known field it names (the serializer's case-sensitive match of the
        /// unescaped name), else null. <paramref name="depth"/> is the value's depth, for <see cref="SkipRest"/>.
        /// </summary>
        bool Member(ref Utf8JsonReader r, string type, string[] fields, out string field, out int depth)
        {
            field = null; depth = 0;
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) return false;
            byte[] unescaped = null;
            if (r.ValueIsEscaped && (unescaped = Unescape(r.ValueSpan)) == null) Mismatch(ref r, type);
            var name = unescaped == null ? r.ValueSpan : unescaped;
            foreach (var candidate in fields)
            {
                if (candidate.Length != name.Length) continue;
                int i = 0;
                while (i < name.Length && name[i] == candidate[i]) i++;
                if (i == name.Length) { field = candidate; break; }
            }
            _path.Add((object)field ?? name.ToArray());
            Next(ref r);
            depth = r.CurrentDepth;
            return true;
        }

        /// <summary>
        /// A member name's escapes undone, to UTF-8 bytes that are not checked further, as the serializer matches names;
        /// null for an unpaired surrogate, which it refuses. The reader has already checked the escapes' syntax.
        /// </summary>
        static byte[] Unescape(ReadOnlySpan<byte> raw)
        {
            var bytes = new byte[raw.Length];
            int n = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] != (byte)'\\') { bytes[n++] = raw[i]; continue; }
                byte kind = raw[++i];
                if (kind != (byte)'u')
                {
                    bytes[n++] = kind == (byte)'b' ? (byte)'\b' : kind == (byte)'f' ? (byte)'\f' : kind == (byte)'n' ? (byte)'\n'
                        : kind == (byte)'r' ? (byte)'\r' : kind == (byte)'t' ? (byte)'\t' : kind;
                    continue;
                }
                int scalar = Hex(raw, i + 1);
                i += 4;
                if (scalar >= 0xDC00 && scalar <= 0xDFFF) return null;
                if (scalar >= 0xD800 && scalar <= 0xDBFF)
                {
                    int low = i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u' ? Hex(raw, i + 3) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) return null;
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                if (scalar < 0x80) bytes[n++] = (byte)scalar;
                else if (scalar < 0x800) { bytes[n++] = (byte)(0xC0 | scalar >> 6); bytes[n++] = (byte)(0x80 | scalar & 0x3F); }
                else if (scalar < 0x10000)
                {
                    bytes[n++] = (byte)(0xE0 | scalar >> 12); bytes[n++] = (byte)(0x80 | scalar >> 6 & 0x3F); bytes[n++] = (byte)(0x80 | scalar & 0x3F);
                }
                else
                {
                    bytes[n++] = (byte)(0xF0 | scalar >> 18); bytes[n++] = (byte)(0x80 | scalar >> 12 & 0x3F);
                    bytes[n++] = (byte)(0x80 | scalar >> 6 & 0x3F); bytes[n++] = (byte)(0x80 | scalar & 0x3F);
                }
            }
            Array.Resize(ref bytes, n);
            return bytes;
        }

        static int Hex(ReadOnlySpan<byte> raw, int at)
        {
            int value = 0;
            for (int k = at; k < at + 4; k++)
            {
                int c = raw[k];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0) return -1;
                value = value * 16 + digit;
            }
            return value;
        }

        /// <summary>Leaves the reader at the end of the value a drop abandoned part way.</summary>
        static void SkipRest(ref Utf8JsonReader r, int depth)
        {
            if (r.CurrentDepth == depth && (r.TokenType == JsonTokenType.StartObject || r.TokenType == JsonTokenType.StartArray))
            {
                r.Skip();
                return;
            }
            while (r.CurrentDepth > depth)
                r.Read();
        }

        // ---------- failures: drop the field or fail the answer, as WireJson.Parse does ----------

        /// <summary>A flexible reader refused the value: its message names the expected type and the token's kind only.</summary>
        void Refused(ref Utf8JsonReader r, string message)
        {
            string problem = WireJson.Shorten(message);
            DropOrFail(problem, $"{problem} (at {WireJson.Shorten(PathText())}, {Position(ref r)})");
        }

        /// <summary>The token cannot be a <paramref name="type"/>: the serializer's own wording.</summary>
        void Mismatch(ref Utf8JsonReader r, string type)
        {
            string problem = $"The JSON value could not be converted to {type}.";
            var (line, bytes) = LineAndByte(ref r);
            DropOrFail(problem, WireJson.Shorten($"{problem} Path: {PathText()} | LineNumber: {line} | BytePositionInLine: {bytes}."));
        }

        string Position(ref Utf8JsonReader r)
        {
            var (line, bytes) = LineAndByte(ref r);
            return $"line {line}, byte {bytes}";
        }

        (long Line, long Byte) LineAndByte(ref Utf8JsonReader r)
        {
            var json = Json;
            int end = (int)Math.Min(r.BytesConsumed, json.Length);
            long line = 0;
            int lineStart = 0;
            for (int i = 0; i < end; i++)
                if (json[i] == (byte)'\n') { line++; lineStart = i + 1; }
            return (line, end - lineStart);
        }

        /// <summary>
        /// Drops the field (it reads as null, with a warning), or with a required field in an entry of the tolerance's
        /// entry array fails that entry alone, or fails the answer: as WireJson.Parse decides, up to its 32 drops.
        /// </summary>
        void DropOrFail(string problem, string failure)
        {
            if (_inPart) throw new PartFailure(problem);
            if (_tolerance != null && _drops < WireJson.MaxDropped && _path.Count > 0 && _path[_path.Count - 1] is string field && Patchable())
            {
                bool inEntry = _tolerance.EntryArray != null && _path.Count >= 3 && _path[0] as string == _tolerance.EntryArray && _path[1] is int;
                string entryId = inEntry ? EntryId((int)_path[1]) : null;
                if (!_tolerance.Required.Contains(field))
                {
                    _drops++;
                    _tolerance.Dropped.Add((entryId, PathText(), problem));
                    throw new DroppedValue();
                }
                if (entryId != null && _path.Count == 3 && field != _tolerance.EntryId)
                {
                    _drops++;
                    _tolerance.FailedEntries[entryId] = $"{PathText()}: {problem}";
                    throw new FailedEntry(entryId);
                }
            }
            throw WireJson.Invalid(_what, failure, _requestId);
        }

        /// <summary>The id member of entry <paramref name="index"/> when it is a string, read afresh (it may come after the bad field).</summary>
        string EntryId(int index)
        {
            var r = new Utf8JsonReader(Json, Options);
            r.Read();
            if (!Into(ref r, _tolerance.EntryArray) || r.TokenType != JsonTokenType.StartArray) return null;
            for (int i = 0; r.Read() && r.TokenType != JsonTokenType.EndArray; i++)
            {
                if (i < index) { r.Skip(); continue; }
                return r.TokenType == JsonTokenType.StartObject && Into(ref r, _tolerance.EntryId) && r.TokenType == JsonTokenType.String ? r.GetString() : null;
            }
            return null;
        }

        /// <summary>From an object's start, to the first token of its member <paramref name="name"/>; false when it has none.</summary>
        static bool Into(ref Utf8JsonReader r, string name)
        {
            if (r.TokenType != JsonTokenType.StartObject) return false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var raw = r.ValueIsEscaped ? Unescape(r.ValueSpan) : r.ValueSpan.ToArray();
                r.Read();
                if (raw != null && raw.Length == name.Length && Encoding.UTF8.GetString(raw) == name) return true;
                r.Skip();
            }
            return false;
        }

        bool Patchable() => (_patchable ?? (_patchable = WireJson.Patchable(_body))).Value;

        /// <summary>The path as the serializer writes it: $.a.b[2]['c d'].</summary>
        string PathText()
        {
            var sb = new StringBuilder("$");
            foreach (var segment in _path)
            {
                if (segment is int index) { sb.Append('[').Append(index).Append(']'); continue; }
                string name = segment as string ?? Encoding.UTF8.GetString((byte[])segment);
                if (name.IndexOfAny(SpecialCharacters) >= 0) sb.Append("['").Append(name).Append("']");
                else sb.Append('.').Append(name);
            }
            return sb.ToString();
        }

        static readonly char[] SpecialCharacters = { '.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\f', '\b', '\\', '\u0085', '\u2028', '\u2029' };

        /// <summary>Unwinds to the progress_map entry that failed, with what was wrong.</summary>
        sealed class PartFailure : Exception
        {
            public PartFailure(string problem) : base(problem) { }
        }

        /// <summary>Unwinds to the entry a required field failed.</summary>
        sealed class FailedEntry : Exception
        {
            public FailedEntry(string id) { Id = id; }
            public string Id { get; }
        }

        /// <summary>Unwinds to the member whose value was dropped.</summary>
        sealed class DroppedValue : Exception
        {
        }
    }
}
