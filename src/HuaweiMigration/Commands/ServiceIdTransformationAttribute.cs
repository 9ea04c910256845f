using System;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Keeps each service's ids apart at binding time, so that a DRS job id never reaches a DCS URL and a DCS task id
    /// never reaches a DRS one. The id parameters bind by property name only on service-specific names (TaskId and
    /// task_id for DCS, JobId and job_id for DRS; no shared Id alias). By value, this transformation lets strings pass,
    /// turns a MigrationStatus or MigrationReadiness of its own service into its Id and any object with its own service's id property into
    /// that value, and refuses a MigrationStatus, a MigrationReadiness or a HuaweiMigration.Dcs*/Drs* object of the other service, or an
    /// object that carries only the other service's id property.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ServiceIdTransformationAttribute : ArgumentTransformationAttribute
    {
        static readonly string[] DcsNames = { "TaskId", "task_id" };
        static readonly string[] DrsNames = { "JobId", "job_id" };

        public ServiceIdTransformationAttribute(MigrationService service) { Service = service; }

        public MigrationService Service { get; }

        /// <summary>
        /// For the cmdlets that change state: refuse, before any request, every object that is not a string and carries
        /// no id of this service (a session object would otherwise be sent as its text).
        /// </summary>
        public bool Strict { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => ArgumentItems.Each(inputData, One);

        object One(object value)
        {
            object input = value is PSObject ps ? ps.BaseObject : value;
            if (input == null || input is string) return value;
            if (input is HuaweiCloudSession)
                throw new ArgumentTransformationMetadataException($"A session object cannot be used as a {IdName}; pass the session with -Session.");
            if (input is MigrationStatus status)
                return status.Service == Service ? status.Id : throw Refuse(status.Service, "MigrationStatus");
            if (input is MigrationReadiness readiness)
                return readiness.Service == Service ? readiness.Id : throw Refuse(readiness.Service, "MigrationReadiness");

            var item = PSObject.AsPSObject(value);
            var service = ServiceOf(item);
            if (service.HasValue && service.Value != Service) throw Refuse(service.Value, item.TypeNames[0]);
            foreach (var name in Service == MigrationService.Dcs ? DcsNames : DrsNames)
            {
                var property = item.Properties[name];
                if (property != null) return property.Value;
            }
            foreach (var name in Service == MigrationService.Dcs ? DrsNames : DcsNames)
                if (item.Properties[name] != null) throw Refuse(Other, item.TypeNames[0]);
            if (Strict)
                throw new ArgumentTransformationMetadataException($"An object of type {item.TypeNames[0]} has no {IdName} (no {string.Join(" or ", Service == MigrationService.Dcs ? DcsNames : DrsNames)} property); nothing was sent.");
            return value;
        }

        string IdName => Service == MigrationService.Dcs ? "DCS task id" : "DRS job id";

        MigrationService Other => Service == MigrationService.Dcs ? MigrationService.Drs : MigrationService.Dcs;

        /// <summary>The service of a module object (live or deserialized) from its type name, or null for anything else.</summary>
        static MigrationService? ServiceOf(PSObject item)
        {
            foreach (var typeName in item.TypeNames)
            {
                string name = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring(13) : typeName;
                if (name.StartsWith("HuaweiMigration.Dcs", StringComparison.Ordinal)) return MigrationService.Dcs;
                if (name.StartsWith("HuaweiMigration.Drs", StringComparison.Ordinal)) return MigrationService.Drs;
            }
            return null;
        }

        ArgumentTransformationMetadataException Refuse(MigrationService from, string typeName) =>
            new ArgumentTransformationMetadataException(
                $"A {from.ToString().ToUpperInvariant()} object ({typeName}) cannot be used as a {(Service == MigrationService.Dcs ? "DCS task id" : "DRS job id")}.");
    }
}
