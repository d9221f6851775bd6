using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Representation;

/// <summary>Where tensors live: <c>--device</c> and the config key <c>device</c>.</summary>
public enum DeviceChoice
{
    /// <summary>A CUDA GPU when this build and machine have one, else the CPU (with a one-line note).</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>The first CUDA GPU; an error when there is none.</summary>
    Cuda = 2,
}

/// <summary>
/// The device every tensor and network is created on. <see cref="Use"/> makes it TorchSharp's default device, which
/// its factories (tensors from arrays, zeros, arange, random numbers) and module constructors follow, so nothing in
/// GmcRL names a device; the few places where numbers leave libtorch read them through <see cref="Host"/>. The CPU
/// build (the default) has no CUDA: a GPU needs the CUDA build, <c>-p:GmcRLCuda=true</c> (docs/devices.md).
/// </summary>
public static class ComputeDevice
{
    /// <summary>The device tensors are created on now (TorchSharp's default device).</summary>
    public static Device Current => get_default_device();

    /// <summary>True when the current device is the CPU.</summary>
    public static bool OnCpu => Current.type == DeviceType.CPU;

    /// <summary>The device <paramref name="choice"/> means on a machine where CUDA is or is not available, and for
    /// <see cref="DeviceChoice.Auto"/> without CUDA the note to print. <see cref="DeviceChoice.Cuda"/> without CUDA
    /// throws <see cref="InvalidOperationException"/> saying how to get it.</summary>
    public static DeviceType Resolve(DeviceChoice choice, bool cudaAvailable, out string? note)
    {
        note = null;
        switch (choice)
        {
            case DeviceChoice.Cpu:
                return DeviceType.CPU;
            case DeviceChoice.Cuda when cudaAvailable:
            case DeviceChoice.Auto when cudaAvailable:
                return DeviceType.CUDA;
            case DeviceChoice.Cuda:
                throw new InvalidOperationException($"device cuda: no CUDA device is available: {Why}. Use --device cpu, or --device auto to fall back to the CPU.");
            case DeviceChoice.Auto:
                note = $"device: auto chose the CPU (no CUDA device: {Why}).";
                return DeviceType.CPU;
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, "expected auto, cpu or cuda");
        }
    }

    // Why CUDA is missing, as far as the process can tell.
    private static string Why => BuiltForCuda
        ? "this build has CUDA's LibTorch, but the driver shows no GPU"
        : "this is the CPU build of GmcRL; a GPU needs the CUDA build, dotnet build -p:GmcRLCuda=true (docs/devices.md)";

    // The CUDA build ships TorchSharp's CUDA natives (libtorch_cuda) beside the app.
    private static bool BuiltForCuda => File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cuda.so")) ||
        File.Exists(Path.Combine(AppContext.BaseDirectory, "torch_cuda.dll"));

    /// <summary>Resolves <paramref name="choice"/> on this machine and makes the device the default for every tensor
    /// and network created after; returns the device and, when <see cref="DeviceChoice.Auto"/> fell back to the CPU,
    /// a one-line note. Call it before building models: those built before stay where they are.</summary>
    public static (DeviceType Device, string? Note) Use(DeviceChoice choice)
    {
        // Asking for CUDA loads the CUDA backend; the CPU needs no question.
        var type = Resolve(choice, choice != DeviceChoice.Cpu && cuda.is_available(), out string? note);
        set_default_device(new Device(type));
        return (type, note);
    }

    /// <summary>A tensor filled on the CPU (input rows written from .NET) on the current device: itself on the CPU, a
    /// copy made in the current dispose scope elsewhere.</summary>
    public static Tensor OnDevice(this Tensor host) => OnCpu ? host : host.to(Current);

    /// <summary><paramref name="tensor"/> where .NET can read it: a new handle on the same storage on the CPU, a copy
    /// from any other device (dispose it, or read it inside a dispose scope).</summary>
    public static Tensor Host(this Tensor tensor) => tensor.cpu();

    /// <summary>The elements of <paramref name="host"/>, a contiguous float32 tensor on the CPU, as a span over its own
    /// memory: .NET writes input rows straight into it. TorchSharp's element accessor copies about 35 times slower
    /// (6.5 against 0.18 ms for a batch of 128 pendulum images). The span is valid while the tensor lives.</summary>
    public static Span<float> HostFloats(this Tensor host)
    {
        if (host.device_type != DeviceType.CPU || host.dtype != ScalarType.Float32 || !host.is_contiguous())
            throw new ArgumentException($"Only a contiguous float32 tensor on the CPU can be written in place (got {host.dtype} on {host.device_type}, {(host.is_contiguous() ? "contiguous" : "not contiguous")}).", nameof(host));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(host.bytes);
    }
}
