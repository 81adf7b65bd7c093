using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>
/// What one step of an Online or a stop leads to: the run ends with a Win32 code, or it looks at the guest again in
/// the state the step read last. Every step returns one; no step changes its caller's state behind its back.
/// </summary>
/// <param name="Ends">True: the run returns <paramref name="Code"/>; false: it decides again on <paramref name="State"/>.</param>
/// <param name="Code">The Win32 code the entry point returns (meaningful when <paramref name="Ends"/>).</param>
/// <param name="State">The guest's state as last read (meaningful when not <paramref name="Ends"/>).</param>
internal readonly record struct Next(bool Ends, int Code, GuestState State)
{
    /// <summary>The run ends with <paramref name="code"/>.</summary>
    public static Next End(int code) => new(true, code, GuestState.Invalid);

    /// <summary>The run looks at the guest again, found in <paramref name="state"/>.</summary>
    public static Next LookAgain(GuestState state) => new(false, 0, state);
}

/// <summary>How a state wait ended, and the state it read last.</summary>
internal readonly record struct StateWait(WaitEnd End, GuestState State);

/// <summary>How a task wait ended, and the task's status once it completed (null: unreadable or not complete).</summary>
internal readonly record struct TaskWait(WaitEnd End, VsTaskStatus? Status);

/// <summary>How a wait for the stopping service ended: its last state, and whether a Terminate superseded the wait.</summary>
internal readonly record struct ServiceWait(ServiceState Service, bool Superseded);
