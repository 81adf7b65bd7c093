namespace Havm.Tests.Fakes;

/// <summary>One call into the fake Virtual Server: what (e.g. <c>Guest1.Save</c>), from which thread, at what clock time.</summary>
public sealed record CallRecord(string Name, int ThreadId, TimeSpan At);
