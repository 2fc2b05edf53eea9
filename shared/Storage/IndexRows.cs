using System.Reflection;
using System.Text;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>Compares derived rows by their keys and stored fields (not Timestamp or ETag).</summary>
static class IndexRows
{
    public static string Fingerprint(ITableEntity row)
    {
        var text = new StringBuilder();
        foreach (var property in row.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.Name is nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag) || !property.CanWrite) continue;
            var value = property.GetValue(row);
            text.Append(property.Name).Append('=').Append(value is DateTimeOffset d ? d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : value?.ToString()).Append('\u001f');
        }
        return text.ToString();
    }
}
