using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Havm.Tests.ComHost;

/// <summary>
/// The COM-visible surface of one Havm.ComHost build, read from its metadata without loading it (the net40 build
/// cannot be loaded on .NET 10): the class with a ProgId, its CLSID, its interface's IID and kind, and the methods.
/// </summary>
internal sealed class ComContract
{
    private ComContract(string progId, string classId, string interfaceName, string interfaceId, int interfaceKind, string[] methods)
    {
        ProgId = progId;
        ClassId = classId;
        InterfaceName = interfaceName;
        InterfaceId = interfaceId;
        InterfaceKind = interfaceKind;
        Methods = methods;
    }

    public string ProgId { get; }

    public string ClassId { get; }

    public string InterfaceName { get; }

    public string InterfaceId { get; }

    /// <summary>ComInterfaceType as a number (0 = dual).</summary>
    public int InterfaceKind { get; }

    public string[] Methods { get; }

    public static ComContract Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var progId = Attribute(md, type.GetCustomAttributes(), "ProgIdAttribute");
            if (progId is null)
            {
                continue;
            }

            var iface = type.GetInterfaceImplementations().Select(i => md.GetInterfaceImplementation(i).Interface)
                .Where(h => h.Kind == HandleKind.TypeDefinition)
                .Select(h => md.GetTypeDefinition((TypeDefinitionHandle)h))
                .Single(t => Attribute(md, t.GetCustomAttributes(), "GuidAttribute") is not null);
            var kindValue = AttributeArgument(md, iface.GetCustomAttributes(), "InterfaceTypeAttribute");
            var methods = iface.GetMethods().Select(m => md.GetString(md.GetMethodDefinition(m).Name)).ToArray();
            return new ComContract(
                (string)progId,
                ((string)Attribute(md, type.GetCustomAttributes(), "GuidAttribute")!).ToUpperInvariant(),
                md.GetString(iface.Name),
                ((string)Attribute(md, iface.GetCustomAttributes(), "GuidAttribute")!).ToUpperInvariant(),
                kindValue is null ? -1 : Convert.ToInt32(kindValue, System.Globalization.CultureInfo.InvariantCulture),
                methods);
        }

        throw new InvalidOperationException("no class with a ProgId in " + assemblyPath);
    }

    private static object? Attribute(MetadataReader md, CustomAttributeHandleCollection attributes, string name) =>
        AttributeArgument(md, attributes, name);

    private static object? AttributeArgument(MetadataReader md, CustomAttributeHandleCollection attributes, string name)
    {
        foreach (var handle in attributes)
        {
            var attribute = md.GetCustomAttribute(handle);
            if (AttributeTypeName(md, attribute) != name)
            {
                continue;
            }

            var value = attribute.DecodeValue(new ArgumentTypes());
            return value.FixedArguments.Length == 0 ? null : value.FixedArguments[0].Value;
        }

        return null;
    }

    private static string AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        var ctor = attribute.Constructor;
        var parent = ctor.Kind == HandleKind.MemberReference
            ? md.GetMemberReference((MemberReferenceHandle)ctor).Parent
            : md.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType();
        return parent.Kind switch
        {
            HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name),
            HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)parent).Name),
            _ => string.Empty,
        };
    }

    /// <summary>Decodes the argument types COM attributes use: strings, and enums read as their underlying number.</summary>
    private sealed class ArgumentTypes : ICustomAttributeTypeProvider<Type>
    {
        public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.String => typeof(string),
            PrimitiveTypeCode.Int16 => typeof(short),
            PrimitiveTypeCode.Int32 => typeof(int),
            PrimitiveTypeCode.Boolean => typeof(bool),
            _ => typeof(object),
        };

        public Type GetSystemType() => typeof(Type);

        public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();

        // ComInterfaceType and ClassInterfaceType are int enums.
        public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(int);

        public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(int);

        public Type GetTypeFromSerializedName(string name) => typeof(int);

        public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(Type type) => type == typeof(Type);
    }
}
