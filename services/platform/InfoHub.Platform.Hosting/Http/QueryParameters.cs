using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace InfoHub.Platform.Http;

/// <summary>
/// Query parameters an endpoint does not take are a 400 naming each one, not silently ignored: a misspelled filter
/// (<c>countries=</c> for <c>country=</c>, <c>q[$ne]=</c>) would otherwise answer as if no filter had been given.
/// </summary>
public static class QueryParameters
{
    /// <summary>
    /// Applies the rule to every handler of <paramref name="builder"/> (an endpoint or a route group). The names an
    /// endpoint takes are read from its handler: <c>[FromQuery]</c> parameters, the members of <c>[AsParameters]</c>
    /// records, and the simple-typed parameters ASP.NET Core binds from the query (or the route) by their own name.
    /// </summary>
    public static TBuilder RejectUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var known = NamesTaken(context.MethodInfo);
            var expected = known.Count == 0 ? "no query parameters" : "only " + string.Join(", ", known.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
            return invocation =>
            {
                var query = invocation.HttpContext.Request.Query;
                if (query.Count == 0 || query.Keys.All(known.Contains)) return next(invocation);
                var errors = new FieldErrors();
                foreach (var name in query.Keys.Where(k => !known.Contains(k)))
                    errors.Add(name, $"'{name}' is not a query parameter of this endpoint, which takes {expected}.");
                return ValueTask.FromResult<object?>(errors.ToProblem());
            };
        });

    private static HashSet<string> NamesTaken(MethodInfo handler)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                // A record binds through its constructor's parameters, a class through its settable properties.
                var members = parameter.ParameterType.GetConstructors().MaxBy(c => c.GetParameters().Length)?.GetParameters() ?? [];
                foreach (var member in members) AddIfFromQuery(member.Name, member.ParameterType, member.GetCustomAttributes());
                if (members.Length == 0)
                    foreach (var property in parameter.ParameterType.GetProperties().Where(p => p.CanWrite))
                        AddIfFromQuery(property.Name, property.PropertyType, property.GetCustomAttributes());
            }
            else AddIfFromQuery(parameter.Name, parameter.ParameterType, parameter.GetCustomAttributes());
        }
        return names;

        void AddIfFromQuery(string? name, Type type, IEnumerable<Attribute> attributes)
        {
            var list = attributes.ToList();
            if (list.OfType<IFromQueryMetadata>().FirstOrDefault() is { } fromQuery) names.Add(fromQuery.Name ?? name ?? "");
            else if (name is not null && IsSimple(type) && !list.Any(a => a is IFromRouteMetadata or IFromBodyMetadata or IFromHeaderMetadata
                         or IFromFormMetadata or IFromServiceMetadata or Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute))
                names.Add(name);
        }
    }

    /// <summary>The types minimal APIs bind from the route or query by name when no attribute says otherwise.</summary>
    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return IsSimple(type.GetElementType()!);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
               || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
               || type == typeof(TimeSpan) || type == typeof(Uri);
    }
}
