using GmcRL.Representation;
using GmcRL.Representation.Training;
using GmcRL.Tests.Representation;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Tests.Devices;

[CollectionDefinition(nameof(DeviceTests), DisableParallelization = true)]
public sealed class DeviceCollection;

/// <summary>
/// The device switch. This machine has no GPU and the CUDA build cannot be restored here, so CUDA itself is never
/// run: these tests check the choice and its fallback, and, on libtorch's meta device (shapes without data), that
/// the inputs .NET writes on the CPU are moved to the default device. (The meta device of this libtorch lacks relu,
/// logsumexp and convolutions, so networks cannot be run on it.) They change the process's default device, so they
/// run alone.
/// </summary>
[Collection(nameof(DeviceTests))]
public sealed class DeviceTests
{
    [Fact]
    public void Auto_falls_back_to_the_cpu_with_a_note_cpu_is_the_cpu_and_cuda_without_a_gpu_says_how_to_get_one()
    {
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Resolve(DeviceChoice.Auto, cudaAvailable: true, out string? none));
        Assert.Null(none);
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve(DeviceChoice.Auto, cudaAvailable: false, out string? note));
        Assert.StartsWith("device: auto chose the CPU (no CUDA device: ", note);
        Assert.DoesNotContain("\n", note!);
        Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve(DeviceChoice.Cpu, cudaAvailable: true, out _));
        Assert.Equal(DeviceType.CUDA, ComputeDevice.Resolve(DeviceChoice.Cuda, cudaAvailable: true, out _));
        var e = Assert.Throws<InvalidOperationException>(() => ComputeDevice.Resolve(DeviceChoice.Cuda, cudaAvailable: false, out _));
        Assert.Contains("-p:GmcRLCuda=true", e.Message);

        // On this machine: auto is the CPU, and tensors are made there.
        try
        {
            var (device, fallback) = ComputeDevice.Use(DeviceChoice.Auto);
            Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device);
            Assert.Equal(cuda.is_available(), fallback is null);
            using var t = zeros(2);
            Assert.Equal(device, t.device_type);
        }
        finally
        {
            set_default_device(CPU);
        }
    }

    [Fact]
    public void Inputs_written_on_the_cpu_reach_the_default_device()
    {
        var data = Tiny.Dataset;
        var observations = Tiny.Observations(data, 3);
        OnMeta(() =>
        {
            using var columns = new TensorColumns(data, 16);
            using var tensors = new ObservationTensors(data.Spec);
            using var scope = NewDisposeScope();
            Assert.All(columns.Batch(Enumerable.Range(0, 16).Select(i => (long)i).ToArray()), t => Assert.Equal(DeviceType.META, t.device_type));
            tensors.Prepare(observations, 4, 12, "test");
            Assert.Equal(DeviceType.META, tensors.Fill(0, observations, [0, 1, 2]).device_type);
        });
    }

    [Fact]
    public void Host_floats_are_the_tensors_own_memory_and_only_a_contiguous_cpu_float32_tensor_has_them()
    {
        using var scope = NewDisposeScope();
        var t = zeros(3, 4);
        var memory = t.HostFloats();
        Assert.Equal(12, memory.Length);
        memory[6] = 2.5f;
        Assert.Equal(2.5f, t[1, 2].item<float>());
        var view = t.t();
        Assert.Contains("not contiguous", Assert.Throws<ArgumentException>(() => view.HostFloats()).Message);
        var doubles = zeros(3, ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => doubles.HostFloats());
    }

    private static void OnMeta(Action body)
    {
        set_default_device(new Device(DeviceType.META));
        try { body(); }
        finally { set_default_device(CPU); }
    }
}
