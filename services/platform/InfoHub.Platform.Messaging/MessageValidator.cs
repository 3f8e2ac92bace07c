using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// A message that no retry can make consumable: a field its record declares non-nullable is null, or a required id,
/// text or date is empty. It goes to the <c>_error</c> queue at once, its reason in the <c>MT-Fault-Message</c> header.
/// </summary>
public sealed class InvalidMessageException(Type messageType, IReadOnlyList<string> problems)
    : Exception($"Invalid {messageType.Name}: {string.Join("; ", problems)}.")
{
    public Type MessageType { get; } = messageType;

    /// <summary>Each problem, starting with the path of its field as it travels in JSON, e.g. <c>membership.status is missing</c>.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Checks a received message against what its record declares, as the contracts state it with nullable annotations
/// and <c>required</c> (they stay plain records): a non-nullable reference must be present, in nested records and in
/// collection elements and dictionary values too; a <c>required</c> string must not be blank, and a <c>required</c>
/// <see cref="Guid"/> or date must not be its empty default. Optional fields left null pass. The shape of each type is
/// read once and kept.
/// </summary>
public sealed class MessageValidator
{
    private const int MaxDepth = 16;

    private readonly ConcurrentDictionary<Type, IReadOnlyList<Member>> _members = new();

    /// <summary>Throws <see cref="InvalidMessageException"/> naming every invalid field of <paramref name="message"/>.</summary>
    public void ThrowIfInvalid(object message)
    {
        var problems = Problems(message);
        if (problems.Count > 0) throw new InvalidMessageException(message.GetType(), problems);
    }

    public IReadOnlyList<string> Problems(object message)
    {
        var problems = new List<string>();
        CheckMembers(message, "", problems, 0);
        return problems;
    }

    private void CheckMembers(object value, string path, List<string> problems, int depth)
    {
        if (depth > MaxDepth) return;
        foreach (var member in MembersOf(value.GetType()))
        {
            Check(member.Property.GetValue(value), member.Shape, path.Length == 0 ? member.Name : $"{path}.{member.Name}", problems, depth);
        }
    }

    private void Check(object? value, Shape shape, string path, List<string> problems, int depth)
    {
        if (value is null)
        {
            if (shape.NotNull) problems.Add($"{path} is missing");
            return;
        }
        if (shape.NotEmpty && IsEmpty(value))
        {
            problems.Add($"{path} is empty");
            return;
        }
        if (shape.Element is { } element)
        {
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary) Check(entry.Value, element, $"{path}[{entry.Key}]", problems, depth + 1);
            }
            else if (value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items) Check(item, element, $"{path}[{index++}]", problems, depth + 1);
            }
        }
        else if (shape.Nested)
        {
            CheckMembers(value, path, problems, depth + 1);
        }
    }

    private static bool IsEmpty(object value) => value switch
    {
        string text => string.IsNullOrWhiteSpace(text),
        Guid id => id == Guid.Empty,
        DateTimeOffset at => at == default,
        DateTime at => at == default,
        DateOnly on => on == default,
        _ => false,
    };

    private IReadOnlyList<Member> MembersOf(Type type) => _members.GetOrAdd(type, static type =>
    {
        var context = new NullabilityInfoContext(); // not thread-safe: one per type read
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => new Member(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                ShapeOf(p.PropertyType, context.Create(p), p.IsDefined(typeof(RequiredMemberAttribute)))))
            .ToList();
    });

    private static Shape ShapeOf(Type type, NullabilityInfo nullability, bool required)
    {
        var notNull = !type.IsValueType && nullability.ReadState == NullabilityState.NotNull;
        var notEmpty = required && (type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset)
                                    || type == typeof(DateTime) || type == typeof(DateOnly));
        if (type == typeof(string) || type.IsValueType) return new Shape(notNull, notEmpty, null, false);

        if (ElementOf(type, nullability) is var (elementType, elementNullability))
        {
            return new Shape(notNull, false, ShapeOf(elementType, elementNullability, required: false), false);
        }
        return new Shape(notNull, false, null, Nested: IsRecord(type));
    }

    /// <summary>The element of an array or a list, or the value of a dictionary, with its declared nullability.</summary>
    private static (Type, NullabilityInfo)? ElementOf(Type type, NullabilityInfo nullability)
    {
        if (type.IsArray && nullability.ElementType is { } element) return (type.GetElementType()!, element);
        if (!typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType) return null;
        var arguments = type.GetGenericArguments();
        return arguments.Length switch
        {
            1 => (arguments[0], nullability.GenericTypeArguments[0]),
            2 when typeof(IDictionary).IsAssignableFrom(type) || IsDictionaryInterface(type) => (arguments[1], nullability.GenericTypeArguments[1]),
            _ => null,
        };
    }

    /// <summary>Contracts nest records; other types (the framework's, MassTransit's) are taken as they come.</summary>
    private static bool IsRecord(Type type) => type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static bool IsDictionaryInterface(Type type) =>
        type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>));

    private sealed record Member(PropertyInfo Property, string Name, Shape Shape);

    /// <param name="NotNull">Declared non-nullable: null means the field is missing.</param>
    /// <param name="NotEmpty">Required id, text or date: its empty value means the sender left it out.</param>
    /// <param name="Element">For collections and dictionaries: what each element or value must be.</param>
    /// <param name="Nested">A record: its own members are checked too.</param>
    private sealed record Shape(bool NotNull, bool NotEmpty, Shape? Element, bool Nested);
}
