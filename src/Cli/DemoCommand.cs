using System.Diagnostics;
using GmcRL.Benchmarks;
using GmcRL.Envs;
using GmcRL.Envs.Pendulum;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Cli;

/// <summary>
/// <c>gmcrl demo</c>: runs random-torque episodes of the multimodal pendulum with per-step modality dropout and reports
/// what happened, with the last image frame as text: a quick look at the environment layer, no learning.
/// </summary>
public static class DemoCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var cl = new CommandLine("gmcrl demo",
            "Random torques on the multimodal pendulum (image + sound, 2-frame stack) with per-step modality dropout.", args);
        int episodes = cl.Int("episodes", 5, "episodes to run", min: 1);
        int steps = cl.Int("steps", 300, "steps per episode", min: 1);
        double drop = cl.Double("drop", 0.3, "per-step probability that a modality is missing (at most 0.5: one always stays)", min: 0);
        int seed = cl.Int("seed", 0, "random seed");
        if (cl.ShowHelp(output)) return 0;
        if (drop > 0.5) throw new CommandLineException($"gmcrl demo: --drop must be at most 0.5 with two modalities, one of which always stays (got {drop}).");

        output.WriteLine("environment demo: random torques, image + sound, 2-frame stack, dropout p = " + drop + ".");
        output.WriteLine();

        var pendulum = new MultimodalPendulum(seed: seed);
        var env = new TimeLimit<MultimodalObservation, float[]>(
            new ModalityDropout<float[]>(new FrameStack<float[]>(pendulum, 2), new DropSchedule.PerStep(drop), seed), steps);
        var rng = new Random(seed);
        float[] torque = new float[1];
        int[] missing = new int[2];
        long total = 0;
        var clock = Stopwatch.StartNew();
        MultimodalObservation last = null!;
        output.WriteLine($"{"episode",7} {"reward/step",12} {"return",10} {"image missing",14} {"sound missing",14}");
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(seed + e);
            double sum = 0;
            int[] episodeMissing = new int[2];
            for (int t = 0; t < steps; t++)
            {
                torque[0] = (float)(rng.NextDouble() * 4 - 2);
                var r = env.Step(torque);
                sum += r.Reward;
                for (int m = 0; m < 2; m++) if (!r.Observation.Mask.Has(m)) episodeMissing[m]++;
                last = r.Observation;
            }
            total += steps;
            for (int m = 0; m < 2; m++) missing[m] += episodeMissing[m];
            output.WriteLine($"{e + 1,7} {sum / steps,12:F3} {sum,10:F1} {episodeMissing[0] / (double)steps,14:P1} {episodeMissing[1] / (double)steps,14:P1}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"{total} steps in {seconds:F2} s ({total / seconds:N0} steps/s); image missing {missing[0] / (double)total:P1}, sound missing {missing[1] / (double)total:P1} of steps.");
        output.WriteLine($"last state: theta = {pendulum.State[0]:F3} rad, theta_dot = {pendulum.State[1]:F3} rad/s; its newest image frame{(last.Mask.Has(0) ? "" : " (the agent did not see it: image missing)")}:");
        output.Write(AsciiFrame(pendulum.SetState(pendulum.State[0], pendulum.State[1]).Bytes(MultimodalPendulum.Image)));
        output.WriteLine("A random policy scores about -6 per step; a trained controller should approach 0.");
        return 0;
    }

    // The 60x60 frame as 30 lines of 60 characters (two pixel rows per line).
    private static string AsciiFrame(ReadOnlySpan<byte> pixels)
    {
        var text = new System.Text.StringBuilder();
        for (int r = 0; r < PendulumImage.Size; r += 2)
        {
            for (int c = 0; c < PendulumImage.Size; c++)
            {
                bool top = pixels[r * PendulumImage.Size + c] == 1, bottom = pixels[(r + 1) * PendulumImage.Size + c] == 1;
                text.Append(top && bottom ? '#' : top ? '\'' : bottom ? '.' : ' ');
            }
            text.AppendLine("|");
        }
        return text.ToString();
    }
}
