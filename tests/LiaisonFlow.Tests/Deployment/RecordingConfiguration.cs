using Microsoft.Extensions.Configuration;

namespace LiaisonFlow.Tests.Deployment;

/// <summary>
/// Configuration that remembers every key the app looks up, present or not — the settings the app
/// reads are those keys, whatever the code path (options binding, StorageConnection, section lookups).
/// </summary>
public sealed class RecordingConfiguration : IConfigurationSource
{
    readonly Dictionary<string, string?> values;
    readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);

    public RecordingConfiguration(IEnumerable<KeyValuePair<string, string?>> values) =>
        this.values = new(values, StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Read => read;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

    sealed class Provider(RecordingConfiguration source) : ConfigurationProvider
    {
        public override void Load() => Data = new Dictionary<string, string?>(source.values, StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            lock (source.read) source.read.Add(key);
            return base.TryGet(key, out value);
        }
    }
}
