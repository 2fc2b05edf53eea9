using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using Azure.Data.Tables;

namespace LiaisonFlow.Storage;

/// <summary>
/// Turns the untyped rows of a one-query partition read into the typed entities the SDK would have made
/// (its typed query needs one type per query, so an LS read as seven typed range queries cost seven
/// requests). Follows the SDK's rules for the types our entities use: same property names, settable
/// public properties only, [IgnoreDataMember] skipped, absent properties left at their default, dates
/// in UTC as Table storage gives them back.
/// </summary>
static class TableRowMapper
{
    static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>The row as an entity of <paramref name="type"/> (an <see cref="ITableEntity"/> with a public parameterless constructor).</summary>
    public static ITableEntity As(Type type, TableEntity row)
    {
        var entity = (ITableEntity)Activator.CreateInstance(type)!;
        (entity.PartitionKey, entity.RowKey, entity.Timestamp, entity.ETag) = (row.PartitionKey, row.RowKey, row.Timestamp, row.ETag);
        foreach (var property in Stored(type))
            if (row.TryGetValue(property.Name, out var value) && value is not null)
                property.SetValue(entity, Convert(value, property.PropertyType, property.Name));
        return entity;
    }

    /// <summary>
    /// A written entity as it reads back: dates in UTC (Table storage keeps the instant, not the offset).
    /// The ledger builds the snapshot after a commit from what it wrote, and it must equal a fresh read.
    /// </summary>
    public static void AsStored(ITableEntity entity)
    {
        foreach (var property in Stored(entity.GetType()))
        {
            if (property.GetValue(entity) is DateTimeOffset at && at.Offset != TimeSpan.Zero)
                property.SetValue(entity, at.ToUniversalTime());
        }
    }

    /// <summary>A copy of the entity to change apart from it (our entities hold strings and values only, so a shallow copy is whole).</summary>
    public static ITableEntity Copy(ITableEntity entity) => (ITableEntity)MemberwiseCopy(entity);

    static readonly Func<object, object> MemberwiseCopy = typeof(object)
        .GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!
        .CreateDelegate<Func<object, object>>();

    static PropertyInfo[] Stored(Type type) => Properties.GetOrAdd(type, t => [.. t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
        .Where(p => p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))]);

    static object Convert(object value, Type type, string name)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return (value, target) switch
        {
            (_, _) when target.IsInstanceOfType(value) => value,
            (DateTime d, _) when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            (DateTimeOffset d, _) when target == typeof(DateTime) => d.UtcDateTime,
            (int or long or double, _) when target == typeof(int) || target == typeof(long) || target == typeof(double) =>
                System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Stored property {name} is a {value.GetType().Name}; the entity expects {type.Name}."),
        };
    }
}
