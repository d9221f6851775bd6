using System.Text.Json.Nodes;
using GmcRL.Envs;

namespace GmcRL.Cli;

/// <summary>
/// What <c>gmcrl demo --json</c> reports of its episodes: how they ended (the environment's own outcomes when it names
/// them through <see cref="IEpisodeOutcome"/>, else terminated or truncated; episodes the demo's step limit cut short
/// count as truncated), their mean length and return, the mean of each of the environment's tallies, and what the
/// senses showed: lit pixels of the image modalities and, per channel (receiver), the mean and standard deviation of the
/// signal modalities. The senses are read from the newest frame of each step's observation, over the steps where the
/// modality was present.
/// </summary>
internal sealed class DemoStatistics
{
    private const string Truncated = Agents.Evaluation.MissingModalityEvaluator.Truncated;

    private readonly ObservationSpec _frame;
    private readonly IEpisodeOutcome? _outcome;
    private readonly OrderedDictionary<string, int> _endings = new(StringComparer.Ordinal);
    private readonly double[] _tallies;
    private readonly long[] _present;
    private readonly double[] _lit;
    private readonly double[][] _sum, _squares;
    private long _steps;
    private double _return;
    private int _episodes;

    /// <summary>Statistics of an environment whose one frame is <paramref name="frame"/>; <paramref name="outcome"/> is
    /// the environment itself when it names its outcomes.</summary>
    public DemoStatistics(ObservationSpec frame, IEpisodeOutcome? outcome)
    {
        _frame = frame;
        _outcome = outcome;
        foreach (string name in (outcome?.Outcomes ?? ["terminated"]).Append(Truncated)) _endings[name] = 0;
        _tallies = new double[outcome?.Tallies.Count ?? 0];
        _present = new long[frame.Count];
        _lit = new double[frame.Count];
        _sum = frame.Modalities.Select(m => new double[Channels(m)]).ToArray();
        _squares = frame.Modalities.Select(m => new double[Channels(m)]).ToArray();
    }

    /// <summary>Adds one step's (stacked) observation.</summary>
    public void Step(MultimodalObservation observation, double reward)
    {
        _steps++;
        _return += reward;
        for (int m = 0; m < _frame.Count; m++)
        {
            var modality = _frame.Modalities[m];
            if (!observation.Mask.Has(m) || modality.Kind == ModalityKind.Vector) continue;
            _present[m]++;
            if (modality.Kind == ModalityKind.Image)
            {
                var bytes = observation.Bytes(m);
                _lit[m] += modality.Length - bytes[^modality.Length..].Count((byte)0);
                continue;
            }
            var values = observation.Floats(m)[^modality.Length..];
            int channels = _sum[m].Length, samples = modality.Length / channels;
            for (int c = 0; c < channels; c++)
            {
                double sum = 0, squares = 0;
                foreach (float v in values.Slice(c * samples, samples))
                {
                    sum += v;
                    squares += (double)v * v;
                }
                _sum[m][c] += sum;
                _squares[m][c] += squares;
            }
        }
    }

    /// <summary>Closes an episode that ended as <paramref name="terminated"/> says (else it was truncated).</summary>
    public void EndEpisode(bool terminated)
    {
        _episodes++;
        string ending = _outcome is null ? (terminated ? "terminated" : Truncated)
            : _outcome.Outcome is int k ? _outcome.Outcomes[k] : Truncated;
        _endings[ending]++;
        for (int t = 0; t < _tallies.Length; t++) _tallies[t] += _outcome!.Tally(t);
    }

    /// <summary>The statistics as one JSON object.</summary>
    public JsonObject ToJson(string env)
    {
        var json = new JsonObject
        {
            ["env"] = env,
            ["episodes"] = _episodes,
            ["steps"] = _steps,
            ["outcomes"] = new JsonObject(_endings.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            ["mean_length"] = _steps / (double)_episodes,
            ["mean_return"] = _return / _episodes,
        };
        for (int t = 0; t < _tallies.Length; t++) json[$"mean_{_outcome!.Tallies[t]}"] = _tallies[t] / _episodes;
        bool firstImage = true;
        for (int m = 0; m < _frame.Count; m++)
        {
            var modality = _frame.Modalities[m];
            if (modality.Kind == ModalityKind.Image)
            {
                json[firstImage ? "mean_lit_pixels" : $"{modality.Name}_mean_lit_pixels"] = Mean(_lit[m], _present[m]);
                firstImage = false;
            }
            else if (modality.Kind == ModalityKind.Signal)
            {
                double n = _present[m] * (double)(modality.Length / _sum[m].Length);
                var means = new JsonArray();
                var deviations = new JsonArray();
                for (int c = 0; c < _sum[m].Length; c++)
                {
                    double mean = _sum[m][c] / n;
                    means.Add(Mean(_sum[m][c], n));
                    deviations.Add(n > 0 ? Math.Sqrt(Math.Max(0, _squares[m][c] / n - mean * mean)) : null);
                }
                json[$"{modality.Name}_mean_by_receiver"] = means;
                json[$"{modality.Name}_std_by_receiver"] = deviations;
            }
        }
        return json;
    }

    private static double? Mean(double sum, double count) => count > 0 ? sum / count : null;

    // A signal's channels are its leading dimension ([channels, samples]); a [samples] signal has one.
    private static int Channels(ModalitySpec m) => m.Kind == ModalityKind.Signal && m.Shape.Count >= 2 ? m.Shape[0] : 1;
}
