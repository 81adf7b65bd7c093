using Havm.Core.Configuration;
using Havm.Core.Model;

namespace Havm.Core.Lifecycle;

/// <summary>The log wording of the entry points themselves: entry and exit, Open, and which guest they act on.</summary>
internal static class EntryMessages
{
    public static string Entering(string entryPoint, string node) => entryPoint + ": entering on node " + node;

    public static string Returning(string entryPoint, int code, TimeSpan took) =>
        entryPoint + ": returning " + Describe.Code(code) + " after " + Describe.Seconds(took);

    public static string OpenCreated(IEnumerable<string> created) => "Open: created the private properties " + string.Join(", ", created.ToArray());

    public static string OpenQuiet(string service, TimeSpan took) =>
        "Open: " + service + ", properties present; returning " + Describe.Code(Win32Error.Success) + " after " + Describe.Seconds(took);

    public static string ServiceStarted() => "started the Virtual Server service";

    public static string ServiceNotStarted(string node, string detail) =>
        "could not start the Virtual Server service on node " + node + " (" + detail + "); Online will report it";

    public static string ServiceStopping() => "the Virtual Server service is stopping (node shutdown?): not starting it";

    public static string ServiceNotInstalled(string node) => "the Virtual Server service is not installed on node " + node + "; Online will report it";

    public static string ServiceIs(ServiceState state) => "Virtual Server service " + Describe.Service(state);

    public static string BlankName(string resource) =>
        "Online: the VirtualMachineName private property is blank. Set it to the guest's name in Virtual Server, on any node: "
        + RunMessages.SetProperty(resource, PropertyNames.VirtualMachineName, "name of the guest");

    public static string NothingToStop(string entryPoint) =>
        entryPoint + ": VirtualMachineName is blank and no guest was brought online by this resource in this process: no guest to stop";

    public static string TerminateNameUnreadable(string node) =>
        "Terminate: ERROR: VirtualMachineName cannot be read (the cluster's Resource object fails) and no guest was brought online by this "
        + "resource in this process: the guest may still be running on node " + node + ". Check it in the Virtual Server console";

    public static string ActingOnRegisteredGuest(string resource, string guest, string path) =>
        "VirtualMachineName is blank: acting on guest '" + guest + "', registered from VirtualMachineConfigurationPath " + path + ". To name it: "
        + RunMessages.SetProperty(resource, PropertyNames.VirtualMachineName, guest);

    public static string NameRestored(string guest) => "VirtualMachineName is '" + guest + "' again, the guest this resource brought online";

    public static string Renamed(string resource, string guest, string value) =>
        "VirtualMachineName is now " + (value.Length == 0 ? "blank" : "'" + value + "'") + ", but this resource brought guest '" + guest
        + "' online: it goes on acting on '" + guest + "' until the next Online, where the new value applies. To keep '" + guest + "': "
        + RunMessages.SetProperty(resource, PropertyNames.VirtualMachineName, guest);
}
