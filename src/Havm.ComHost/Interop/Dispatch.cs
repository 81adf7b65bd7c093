namespace Havm.ComHost.Interop;

/// <summary>The IDispatch and IDispatchEx constants the late binder uses (OAIdl.h, DispEx.h).</summary>
internal static class Dispatch
{
    /// <summary>DISPATCH_METHOD.</summary>
    public const ushort Method = 0x1;
    /// <summary>DISPATCH_PROPERTYGET.</summary>
    public const ushort PropertyGet = 0x2;
    /// <summary>DISPATCH_PROPERTYPUT.</summary>
    public const ushort PropertyPut = 0x4;

    /// <summary>DISPID_PROPERTYPUT: the named argument that carries a property put's value.</summary>
    public const int PropertyPutDispId = -3;

    /// <summary>fdexNameCaseInsensitive: VBScript names are case-insensitive.</summary>
    public const uint NameCaseInsensitive = 0x8;

    /// <summary>
    /// en-US: member names are English, and no Virtual Server or Resource member converts its arguments by locale.
    /// </summary>
    public const int Lcid = 0x0409;

    /// <summary>Whether a call failed because the object has no such member (e.g. IVMTask2's Error on an IVMTask).</summary>
    public static bool IsMissingMember(int hresult) => hresult == HResults.UnknownName.Signed || hresult == HResults.MemberNotFound.Signed;
}
