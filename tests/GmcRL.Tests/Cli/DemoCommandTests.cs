using System.Text.Json;
using GmcRL.Cli;

namespace GmcRL.Tests.Cli;

/// <summary><c>gmcrl demo --json</c>: one JSON object whose counts add up.</summary>
public class DemoCommandTests
{
    private static JsonElement Demo(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(0, DemoCommand.Run([.. args, "--json"], output));
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    [Fact]
    public void Hyperhot_reports_outcomes_kills_lit_pixels_and_the_sound_per_receiver()
    {
        var json = Demo("--env.name", "hyperhot-v1", "--episodes", "12", "--seed", "2");
        Assert.Equal("hyperhot-v1", json.GetProperty("env").GetString());
        Assert.Equal(12, json.GetProperty("episodes").GetInt32());
        var outcomes = json.GetProperty("outcomes");
        Assert.Equal(["win", "lost", "time_up", "truncated"], outcomes.EnumerateObject().Select(o => o.Name));
        Assert.Equal(12, outcomes.EnumerateObject().Sum(o => o.Value.GetInt32()));
        // The demo's step limit is the game's own: no episode is cut short.
        Assert.Equal((0, 450), (outcomes.GetProperty("truncated").GetInt32(), json.GetProperty("step_limit").GetInt32()));
        double length = json.GetProperty("mean_length").GetDouble();
        Assert.Equal(json.GetProperty("steps").GetInt64() / 12.0, length, 1e-9);
        Assert.InRange(length, 1, 450);
        Assert.InRange(json.GetProperty("mean_return").GetDouble(), -1, 10);
        Assert.InRange(json.GetProperty("mean_kills").GetDouble(), 0, 4);
        // The ship alone lights 4 rows of 12 pixels.
        Assert.InRange(json.GetProperty("mean_lit_pixels").GetDouble(), 48, 80 * 80);
        foreach (string key in new[] { "sound_mean_by_receiver", "sound_std_by_receiver" })
        {
            var values = json.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(4, values.Length);
            Assert.All(values, v => Assert.InRange(v, 0, 1));
        }
    }

    [Fact]
    public void An_environment_without_outcomes_counts_terminated_and_truncated_episodes()
    {
        var json = Demo("--episodes", "3", "--steps", "20");
        var outcomes = json.GetProperty("outcomes");
        Assert.Equal(["terminated", "truncated"], outcomes.EnumerateObject().Select(o => o.Name));
        Assert.Equal(3, outcomes.GetProperty("truncated").GetInt32());
        Assert.Equal(20, json.GetProperty("mean_length").GetDouble());
        Assert.True(json.TryGetProperty("mean_lit_pixels", out _));
        Assert.False(json.TryGetProperty("mean_kills", out _));
        Assert.False(json.TryGetProperty("sound_mean_by_receiver", out _)); // the pendulum's sound is a vector, not a signal
    }
}
