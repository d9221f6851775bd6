using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Agents;

/// <summary>Writes and reads modules' and optimizers' state inside a checkpoint payload.</summary>
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

    public static void Write(BinaryWriter writer, params OptimizerHelper[] optimizers)
    {
        foreach (var optimizer in optimizers) optimizer.save_state_dict(writer);
    }

    public static void Read(BinaryReader reader, params OptimizerHelper[] optimizers)
    {
        foreach (var optimizer in optimizers) optimizer.load_state_dict(reader);
    }
}
