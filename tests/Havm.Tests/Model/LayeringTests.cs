using System.Reflection;
using Havm.Core.Model;
using NUnit.Framework;

namespace Havm.Tests.Model;

/// <summary>
/// The core's layers as their signatures show them: Model depends on no other part of Havm.Core, Ports on Model only
/// (a deadline reads an <see cref="ITimeSource"/>, not the clock port). Method bodies are not read; fields, properties,
/// parameters, results, base types and interfaces are.
/// </summary>
[TestFixture]
public class LayeringTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [TestCase("Havm.Core.Model", new[] { "Havm.Core.Model" })]
    [TestCase("Havm.Core.Ports", new[] { "Havm.Core.Model", "Havm.Core.Ports" })]
    public void Layer_UsesOnlyTheLayersBelowIt(string layer, string[] allowed)
    {
        // arrange
        var types = typeof(HResult).Assembly.GetTypes().Where(t => t.Namespace == layer).ToArray();

        // act
        var reaches =
            from type in types
            from used in Signature(type).SelectMany(Unwrap).Distinct()
            where used.Namespace?.StartsWith("Havm.Core", StringComparison.Ordinal) == true && !allowed.Contains(used.Namespace)
            select type.Name + " -> " + used.FullName;

        // assert
        Assert.That(types, Is.Not.Empty);
        Assert.That(reaches, Is.Empty);
    }

    private static IEnumerable<Type> Signature(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (var field in type.GetFields(Everything))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Everything))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }
    }

    /// <summary>The type with its element and generic argument types (a <c>Func&lt;IClock&gt;</c> uses IClock).</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }
        }
    }
}
