using GmcRL.Envs;

namespace GmcRL.Replays;

/// <summary>The recorded frames of one modality: only the steps where it was present hold data; a missing step reads
/// as the zeros the agent saw.</summary>
internal sealed class ModalityFrames
{
    public ModalityFrames(ModalitySpec spec, int[] slots, byte[]? bytes, float[]? floats)
    {
        Spec = spec;
        Slots = slots;
        Bytes = bytes;
        Floats = floats;
        Zeros = spec.ElementType == ElementType.UInt8 ? new byte[spec.Length] : null;
        ZeroFloats = spec.ElementType == ElementType.Float32 ? new float[spec.Length] : null;
    }

    public ModalitySpec Spec { get; }

    /// <summary>Per step, the index of its frame among the present ones, or -1 when the modality was missing.</summary>
    public int[] Slots { get; }

    /// <summary>The present frames back to back, for a <see cref="ElementType.UInt8"/> modality.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The present frames back to back, for a <see cref="ElementType.Float32"/> modality.</summary>
    public float[]? Floats { get; }

    public byte[]? Zeros { get; }

    public float[]? ZeroFloats { get; }

    /// <summary>Number of present frames.</summary>
    public int PresentCount => (Bytes?.Length ?? Floats!.Length) / Spec.Length;

    /// <summary>True for a modality of 0/1 bytes, stored as bits.</summary>
    public static bool IsBinary(ModalitySpec spec) => spec.ElementType == ElementType.UInt8 && spec.Low == 0 && spec.High == 1;
}
