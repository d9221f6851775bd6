using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents;

/// <summary>Writes and reads modules' state inside a checkpoint payload (the optimizers' is <see cref="Optimization.FusedAdam"/>'s).</summary>
internal static class TorchState
{
    public static void Write(BinaryWriter writer, params nn.Module[] modules)
    {
        foreach (var module in modules) module.save(writer);
    }

    public static void Read(BinaryReader reader, params nn.Module[] modules)
    {
        foreach (var module in modules) module.load(reader, strict: true);
    }
}
