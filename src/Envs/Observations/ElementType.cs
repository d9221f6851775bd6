namespace GmcRL.Envs;

/// <summary>How a modality's elements are stored.</summary>
public enum ElementType
{
    /// <summary>Bytes; binary images hold 0 or 1.</summary>
    UInt8,

    /// <summary>32-bit floats.</summary>
    Float32,
}
