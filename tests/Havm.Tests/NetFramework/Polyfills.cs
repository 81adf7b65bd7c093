using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Havm.Tests;

/// <summary>
/// The few .NET 5+ library members the tests use, for their net462 build (run under Mono against the net40 builds):
/// C# 14 extension members with the same names and meaning, so that the test files compile unchanged for both targets.
/// Compiled for net462 only (Havm.Tests.csproj). The production code needs none of this: it targets net40 itself.
/// </summary>
internal static class Polyfills
{
    extension(ArgumentNullException)
    {
        public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(ArgumentOutOfRangeException)
    {
        public static void ThrowIfLessThan<T>(T value, T other, [CallerArgumentExpression(nameof(value))] string? paramName = null)
            where T : IComparable<T>
        {
            if (value.CompareTo(other) < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "must be at least " + other);
            }
        }
    }

    extension(Enum)
    {
        public static T[] GetValues<T>()
            where T : struct, Enum => (T[])Enum.GetValues(typeof(T));
    }

    extension(TimeSpan)
    {
        public static TimeSpan operator /(TimeSpan time, int divisor) => TimeSpan.FromTicks(time.Ticks / divisor);
    }

    extension(string text)
    {
        public bool Contains(string value, StringComparison comparison) => text.IndexOf(value, comparison) >= 0;
    }

    extension<TKey, TValue>(Dictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        public bool TryAdd(TKey key, TValue value)
        {
            if (dictionary.ContainsKey(key))
            {
                return false;
            }

            dictionary.Add(key, value);
            return true;
        }

        public bool Remove(TKey key, [MaybeNullWhen(false)] out TValue value) =>
            dictionary.TryGetValue(key, out value) && dictionary.Remove(key);
    }

    extension<T>(IEnumerable<T> source)
    {
        public HashSet<T> ToHashSet(IEqualityComparer<T>? comparer) => new(source, comparer);
    }
}
