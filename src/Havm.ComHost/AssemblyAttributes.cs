// Only Havm.GenericScript and its interface are visible to COM; every other public type stays .NET-only.
[assembly: System.Runtime.InteropServices.ComVisible(false)]
