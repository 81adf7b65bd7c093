using Havm.ComHost.Services;

namespace Havm.Tests.ComHost;

/// <summary>
/// A Service Control Manager holding one service: its states in the order successive queries see them (the last one
/// repeats), and the errors of OpenService, QueryServiceStatus and StartService. Records every call.
/// </summary>
internal sealed class FakeServiceControlManager : IServiceControlManager
{
    private readonly Queue<(uint State, int Error)> _states = new();
    private (uint State, int Error) _last = (ServiceMethods.Running, 0);

    public int OpenError { get; set; }

    public int QueryError { get; set; }

    public int StartError { get; set; }

    public int Win32ExitCode { get; set; }

    public int ServiceSpecificExitCode { get; set; }

    public List<string> Calls { get; } = [];

    public int OpenConnections { get; private set; }

    /// <summary>The states successive queries read; the last one stays.</summary>
    public FakeServiceControlManager States(params uint[] states)
    {
        foreach (var state in states)
        {
            _states.Enqueue((state, 0));
        }

        return this;
    }

    /// <summary>The next query in the sequence fails with <paramref name="error"/> (and so do later ones, if it is the last).</summary>
    public FakeServiceControlManager QueryFailing(int error)
    {
        _states.Enqueue((0, error));
        return this;
    }

    public IServiceConnection? OpenService(string serviceName, uint access, out int error)
    {
        Calls.Add("Open " + serviceName + " 0x" + access.ToString("X", System.Globalization.CultureInfo.InvariantCulture));
        error = OpenError;
        if (OpenError != 0)
        {
            return null;
        }

        OpenConnections++;
        return new Connection(this);
    }

    private sealed class Connection : IServiceConnection
    {
        private readonly FakeServiceControlManager _scm;

        public Connection(FakeServiceControlManager scm) => _scm = scm;

        public bool TryQueryStatus(out ServiceStatus status, out int error)
        {
            _scm.Calls.Add("Query");
            status = default;
            error = _scm.QueryError;
            if (error != 0)
            {
                return false;
            }

            if (_scm._states.Count > 0)
            {
                _scm._last = _scm._states.Dequeue();
            }

            error = _scm._last.Error;
            if (error != 0)
            {
                return false;
            }

            status.CurrentState = _scm._last.State;
            status.Win32ExitCode = _scm.Win32ExitCode;
            status.ServiceSpecificExitCode = _scm.ServiceSpecificExitCode;
            return true;
        }

        public bool TryStart(out int error)
        {
            _scm.Calls.Add("Start");
            error = _scm.StartError;
            return error == 0;
        }

        public void Dispose()
        {
            _scm.Calls.Add("Close");
            _scm.OpenConnections--;
        }
    }
}
