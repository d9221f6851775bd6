using GmcRL.Envs.Registry;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GmcRL.Envs;
using GmcRL.Representation;
using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using GmcRL.Representation.Training;
using TorchSharp;
using GmcRL.Cli.Options;

namespace GmcRL.Benchmarks;

/// <summary>
/// `GmcRL.Benchmarks pretrain [--json] [--threads N] [--steps N] [--samples N] [--env.name ID]`: GMC pretraining
/// throughput with the reference model on an environment's random-play data (the pendulum by default; batch 128, samples/s), the frozen encoder's latency at batch 1 and 16 for the joint path and each
/// single-modality path, the time to load the dataset file, and the process's peak memory (collection, file, training
/// steps and one checkpoint write included).
/// </summary>
public static class PretrainBenchmark
{

    /// <summary>Runs the benchmark with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        if (Parse(args, output) is not Options options) return 0;
        torch.set_num_threads(options.Threads);
        string? load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        string folder = Path.Combine(Path.GetTempPath(), "gmcrl-bench-pretrain-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Dataset: collect, write, and time the load of the file.
            var clock = Stopwatch.StartNew();
            var collected = DatasetCollector.Collect(EnvRegistry.Get(options.Env), new CollectionOptions { Count = options.Samples, Seed = 42 });
            double collectSeconds = clock.Elapsed.TotalSeconds;
            string file = Path.Combine(folder, "data" + DatasetFile.Extension);
            DatasetFile.Save(collected, file);
            collected = null;
            GC.Collect();
            // The first load in a process also pays for MessagePack generating its readers; the second, after the first
            // dataset is released, is the steady cost.
            clock.Restart();
            var dataset = DatasetFile.Load(file);
            double firstLoadSeconds = clock.Elapsed.TotalSeconds;
            dataset = null;
            GC.Collect();
            clock.Restart();
            dataset = DatasetFile.Load(file);
            double loadSeconds = clock.Elapsed.TotalSeconds;

            // Training throughput: Adam steps of batch 128 over shuffled samples, after a warm-up.
            var precision = options.Precision switch
            {
                "bfloat16" => ComputePrecision.BFloat16,
                "auto" => ComputePrecisions.Auto,
                _ => ComputePrecision.Float32,
            };
            var signal = options.SignalFeatures == "waveform" ? SignalFeatures.Waveform : SignalFeatures.Spectrum;
            var training = new GmcTrainingOptions
            {
                Epochs = 1, BatchSize = 128, Seed = 0, Precision = precision, Model = GmcModelOptions.Reference with { SignalFeatures = signal },
            };
            using var trainer = GmcTrainer.Create(dataset, training);
            var rng = new Random(0);
            long[] Batch() => Enumerable.Range(0, training.BatchSize).Select(_ => (long)rng.Next(trainer.TrainCount)).ToArray();
            for (int i = 0; i < 3; i++) trainer.Step(Batch());
            // Each step timed on its own too: on a shared machine the median step is steadier than the mean.
            var stepSeconds = new double[options.Steps];
            clock.Restart();
            for (int i = 0; i < options.Steps; i++)
            {
                var batch = Batch();
                long before = Stopwatch.GetTimestamp();
                trainer.Step(batch);
                stepSeconds[i] = Stopwatch.GetElapsedTime(before).TotalSeconds;
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            double samplesPerSecond = options.Steps * training.BatchSize / trainSeconds;
            Array.Sort(stepSeconds);
            double medianSamplesPerSecond = training.BatchSize / stepSeconds[options.Steps / 2];
            // Batch assembly alone (decoding the samples into the input tensors), part of every training step above.
            double batchMilliseconds;
            using (var columns = new TensorColumns(dataset, training.BatchSize))
            {
                for (int i = 0; i < 5; i++) { using var scope = torch.NewDisposeScope(); columns.Batch(Batch()); }
                clock.Restart();
                for (int i = 0; i < 50; i++) { using var scope = torch.NewDisposeScope(); columns.Batch(Batch()); }
                batchMilliseconds = clock.Elapsed.TotalMilliseconds / 50;
            }

            // What an epoch's end adds to memory: a checkpoint with Adam's state, written to disk.
            var checkpoint = trainer.Checkpoint();
            checkpoint.Save(Path.Combine(folder, GmcTrainer.LastCheckpointName));

            // Encoder latency per call, for each path and batch size.
            using var encoder = new GmcEncoder(checkpoint);
            var paths = new List<(string Path, PresenceMask Mask)> { ("joint", PresenceMask.All(dataset.Spec.Count)) };
            for (int m = 0; m < dataset.Spec.Count; m++) paths.Add((dataset.Spec.Modalities[m].Name + " only", PresenceMask.None.With(m)));
            var latencies = new List<Latency>();
            foreach (int batch in new[] { 1, 16 })
            foreach (var (path, mask) in paths)
                latencies.Add(new Latency(path, batch, EncoderMilliseconds(encoder, dataset, batch, mask)));

            var result = new Result(options.Env, precision.ToString().ToLowerInvariant(), options.SignalFeatures, options.Threads, options.Samples, training.BatchSize, options.Steps, samplesPerSecond, medianSamplesPerSecond, batchMilliseconds,
                loadSeconds, firstLoadSeconds, collectSeconds, new FileInfo(file).Length, latencies,
                Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), Environment.ProcessorCount, load,
                File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null, NativeRuntimeSettings.MallocKeepsFreedMemory);
            if (options.Json) output.WriteLine(JsonSerializer.Serialize(result));
            else Print(result, output);
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static double EncoderMilliseconds(GmcEncoder encoder, MultimodalDataset dataset, int batch, PresenceMask mask)
    {
        var observations = Enumerable.Range(0, batch).Select(i =>
        {
            var o = new MultimodalObservation(dataset.Spec);
            dataset.CopyObservation(i, o);
            for (int m = 0; m < dataset.Spec.Count; m++) if (!mask.Has(m)) o.Drop(m);
            return o;
        }).ToArray();
        var features = new float[batch * encoder.FeatureSize];
        for (int i = 0; i < 5; i++) encoder.Encode(observations, features);
        int calls = batch == 1 ? 200 : 50;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) encoder.Encode(observations, features);
        return clock.Elapsed.TotalMilliseconds / calls;
    }

    private static void Print(Result r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"GmcRL.Benchmarks pretrain: {r.Env}, {r.Precision}, signals as {r.SignalFeatures}, {r.Threads} thread(s), {r.ProcessorCount} processor(s), load average before {r.LoadBefore ?? "n/a"}, after {r.LoadAfter ?? "n/a"}, malloc {(r.MallocKeepsFreedMemory ? "keeps freed memory" : "C library defaults")}"));
        output.WriteLine(string.Create(c, $"  training        {r.SamplesPerSecond,8:0} samples/s   (batch {r.BatchSize}, {r.Steps} timed steps, {r.Samples} samples)"));
        output.WriteLine(string.Create(c, $"  median step     {r.MedianSamplesPerSecond,8:0} samples/s   (the same steps at their median time)"));
        output.WriteLine(string.Create(c, $"  batch assembly  {r.BatchMilliseconds,8:0.00} ms/batch  (decoding {r.BatchSize} samples into the input tensors, part of each step)"));
        output.WriteLine(string.Create(c, $"  dataset load    {r.LoadSeconds,8:0.000} s           ({r.FileBytes / 1e6:0.0} MB file; first load in the process {r.FirstLoadSeconds:0.000} s; collection {r.CollectSeconds:0.0} s)"));
        foreach (var l in r.Encoder)
            output.WriteLine(string.Create(c, $"  encode {l.Path,-12} batch {l.Batch,2}: {l.Milliseconds,7:0.000} ms/call"));
        output.WriteLine(string.Create(c, $"  peak memory     {r.PeakMegabytes,8:0} MB"));
    }

    // The options, or null when --help was shown.
    private static Options? Parse(string[] args, TextWriter output)
    {
        var cl = new CommandLine("GmcRL.Benchmarks pretrain",
            "GMC training throughput with the reference model (batch 128) on an environment's random play, encoder latency per call, dataset load time and peak memory.", args);
        int threads = cl.Int("threads", 2, "TorchSharp intra-op threads", min: 1);
        int steps = cl.Int("steps", 20, "timed training steps (after 3 warm-up steps)", min: 1);
        int samples = cl.Int("samples", 20_000, "samples collected for the dataset", min: 1_000);
        string precision = cl.Text("precision", "float32", "what the image convolutions compute in (auto: bfloat16 where the processor has it)", "float32", "bfloat16", "auto");
        string signal = cl.Text("signal-features", "spectrum", "what the encoders read from a signal modality (gmc.signal_features)", "spectrum", "waveform");
        string env = cl.Text("env.name", EnvRegistry.DefaultId, "the registered environment whose random play is trained on (gmcrl envs lists them)");
        bool json = cl.Flag("json", "print one JSON object instead of a table");
        return cl.ShowHelp(output) ? null : new Options(json, threads, steps, samples, precision, signal, env);
    }

    private sealed record Options(bool Json, int Threads, int Steps, int Samples, string Precision, string SignalFeatures, string Env);

    private sealed record Latency(string Path, int Batch, double Milliseconds);

    private sealed record Result(string Env, string Precision, string SignalFeatures, int Threads, int Samples, int BatchSize, int Steps, double SamplesPerSecond, double MedianSamplesPerSecond, double BatchMilliseconds, double LoadSeconds,
        double FirstLoadSeconds, double CollectSeconds, long FileBytes, IReadOnlyList<Latency> Encoder, double PeakMegabytes, int ProcessorCount,
        string? LoadBefore, string? LoadAfter, bool MallocKeepsFreedMemory);
}
