using System.Diagnostics;
using GmcRL.Agents.Checkpoints;
using GmcRL.Envs;
using GmcRL.Envs.Vector;
using GmcRL.Representation;

namespace GmcRL.Agents.Training;

/// <summary>
/// The off-policy training loop shared by every agent (Stable-Baselines3's OffPolicyAlgorithm.learn): random warm-up
/// actions, then the agent's exploring actions; every transition into the replay buffer (truncations stored as such,
/// with the ended episode's last observation as next state); <see cref="TrainerOptions.GradientSteps"/> updates every
/// <see cref="TrainerOptions.TrainFrequency"/> vector steps; periodic evaluation and checkpoints; resume.
/// Observations reach the agent only as features: one batched <see cref="IFeatureSource{TObservation}.Encode"/> call
/// per vector step.
/// </summary>
public sealed class Trainer<TObservation, TAction>
    where TObservation : class
{
    private const string TrainingFile = "training.ckpt";

    // The agent's file of a checkpoint at this step. training.ckpt, written after it, names the step, so the pair
    // always matches: a process killed between the two writes leaves the previous pair, whose agent file is removed
    // only once the new training.ckpt is in place.
    private static string AgentFile(long step) => $"agent-{step}.ckpt";

    private readonly IAgent _agent;
    private readonly IFeatureSource<TObservation> _source;
    private readonly VectorEnvironment<TObservation, TAction> _envs;
    private readonly IEnvironment<TObservation, TAction> _evaluationEnv;
    private readonly IActionEncoding<TAction> _encoding;
    private readonly TrainerOptions _options;
    private readonly ReplayBuffer _buffer;
    private readonly Batch _batch;
    private readonly CheckpointHeader _header;
    private readonly int _featureSize;
    private readonly int _actionWidth;

    // Per-step buffers, allocated once: features of the current observations, action rows, environment actions, the
    // encoder's input (current observations, then final observations of ended episodes) and output.
    private readonly float[] _features;
    private readonly float[] _actionRows;
    private readonly TAction[] _actions;
    private readonly TObservation[] _encodeInput;
    private readonly float[] _encoded;
    private readonly int[] _finalRow;
    private readonly double[] _episodeReturns;
    private readonly Queue<double> _recentReturns = new();
    private readonly TObservation[] _single = new TObservation[1];

    private Random _rng;
    private bool _started;
    private long _step;
    private long _iteration;
    private long _episodes;
    private long _updates;
    private TrainingEvaluation? _lastEvaluation;

    /// <summary>Trains <paramref name="agent"/> on <paramref name="environments"/>, evaluating on
    /// <paramref name="evaluationEnvironment"/>; <paramref name="features"/> must produce the agent's feature size and
    /// <paramref name="actions"/> the agent's action space.</summary>
    public Trainer(IAgent agent, IFeatureSource<TObservation> features, VectorEnvironment<TObservation, TAction> environments,
        IEnvironment<TObservation, TAction> evaluationEnvironment, IActionEncoding<TAction> actions, TrainerOptions? options = null)
    {
        if (features.FeatureSize != agent.FeatureSize)
            throw new ArgumentException($"The feature source produces {features.FeatureSize} features but the {agent.Algorithm} agent takes {agent.FeatureSize}.", nameof(features));
        if (!actions.Spec.SameAs(agent.ActionSpec))
            throw new ArgumentException($"The environment's actions are {actions.Spec} but the {agent.Algorithm} agent acts in {agent.ActionSpec}.", nameof(actions));
        _agent = agent;
        _source = features;
        _envs = environments;
        _evaluationEnv = evaluationEnvironment;
        _encoding = actions;
        _options = (options ?? new TrainerOptions()).Validated();
        _featureSize = agent.FeatureSize;
        _actionWidth = agent.ActionSpec.Width;
        _buffer = new ReplayBuffer(_options.BufferSize, _featureSize, _actionWidth);
        _batch = new Batch(agent.BatchSize, _featureSize, _actionWidth);
        _header = new CheckpointHeader(CheckpointHeader.TrainingContent, agent.Algorithm, _featureSize, agent.ActionSpec,
            $"replay buffer {_options.BufferSize}, {environments.Count} environment(s)");
        int n = environments.Count;
        _features = new float[n * _featureSize];
        _actionRows = new float[n * _actionWidth];
        _actions = new TAction[n];
        _encodeInput = new TObservation[2 * n];
        _encoded = new float[2 * n * _featureSize];
        _finalRow = new int[n];
        _episodeReturns = new double[n];
        _rng = new Random(_options.Seed);
    }

    /// <summary>Environment steps taken so far (across all environment copies).</summary>
    public long Step => _step;

    /// <summary>Gradient steps taken in all (counting those before a resume).</summary>
    public long Updates => _updates;

    /// <summary>The replay buffer.</summary>
    public ReplayBuffer Buffer => _buffer;

    /// <summary>Trains until <paramref name="totalSteps"/> environment steps have been taken in all (counting steps
    /// before a resume), reporting to <paramref name="progress"/> after every step if given.</summary>
    public TrainingResult Run(long totalSteps, Action<TrainingProgress>? progress = null)
    {
        var wall = Stopwatch.StartNew();
        var pauses = new Stopwatch();
        var evaluations = new List<TrainingEvaluation>();
        UpdateMetrics? last = null;
        long startStep = _step;
        long learningFromStep = Math.Max(startStep, _options.LearningStarts);
        double learningStartSeconds = -1;
        int n = _envs.Count;
        if (!_started) Begin();
        // Disposing waits for gradient steps still running when a step throws, before the exception leaves.
        using var updateThread = _options.OverlapUpdates ? new UpdateThread() : null;

        while (_step < totalSteps)
        {
            if (_step >= _options.LearningStarts && learningStartSeconds < 0)
            {
                learningStartSeconds = wall.Elapsed.TotalSeconds - pauses.Elapsed.TotalSeconds;
                learningFromStep = _step;
            }
            ChooseActions();
            bool learn = _step + n > _options.LearningStarts && (_iteration + 1) % _options.TrainFrequency == 0;
            if (learn && updateThread is not null && _buffer.Count > 0)
            {
                // The gradient steps on the second thread while this one steps the games and encodes what they show;
                // their batches come from the transitions stored so far, and this step's are stored after them.
                updateThread.Start(Learn);
                var stepped = StepAndEncode();
                last = updateThread.Finish();
                Store(stepped);
            }
            else
            {
                Store(StepAndEncode());
                if (learn) last = Learn();
            }
            _step += n;
            _iteration++;

            pauses.Start();
            if (Crossed(_options.EvaluationInterval, n)) evaluations.Add(Evaluate());
            if (Crossed(_options.CheckpointInterval, n))
            {
                if (_options.CheckpointDirectory is { } directory) SaveCheckpoint(directory);
                Synchronise();
                Begin();
            }
            pauses.Stop();
            progress?.Invoke(new TrainingProgress(_step, RecentReturn, _lastEvaluation));
        }
        wall.Stop();
        double active = wall.Elapsed.TotalSeconds - pauses.Elapsed.TotalSeconds;
        double learningSeconds = learningStartSeconds < 0 ? 0 : active - learningStartSeconds;
        return new TrainingResult(_step, _episodes, _updates, evaluations, wall.Elapsed.TotalSeconds,
            (_step - startStep) / Math.Max(1e-9, active),
            learningSeconds > 0 ? (_step - learningFromStep) / learningSeconds : 0, last)
        {
            LearningSteps = learningSeconds > 0 ? _step - learningFromStep : 0,
            LearningSeconds = learningSeconds,
        };
    }

    /// <summary>The mean return of the last <see cref="TrainerOptions.RecentEpisodes"/> training episodes, if any ended.</summary>
    public double? RecentReturn => _recentReturns.Count == 0 ? null : _recentReturns.Average();

    /// <summary>Runs <see cref="TrainerOptions.EvaluationEpisodes"/> deterministic episodes on the evaluation environment.</summary>
    public TrainingEvaluation Evaluate()
    {
        var returns = new double[_options.EvaluationEpisodes];
        var features = new float[_featureSize];
        var row = new float[_actionWidth];
        for (int e = 0; e < returns.Length; e++)
        {
            _single[0] = _evaluationEnv.Reset(_options.EvaluationSeed + e).Observation;
            while (true)
            {
                _source.Encode(_single, features);
                _agent.Act(features, row, ActMode.Deterministic);
                var r = _evaluationEnv.Step(_encoding.Decode(row, 0));
                returns[e] += r.Reward;
                if (r.Done) break;
                _single[0] = r.Observation;
            }
        }
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Average(x => (x - mean) * (x - mean)));
        var evaluation = new TrainingEvaluation(_step, mean, std, returns.Length);
        _lastEvaluation = evaluation;
        return evaluation;
    }

    /// <summary>Writes the agent (agent-STEP.ckpt) and then the loop's progress with its replay buffer (training.ckpt)
    /// to <paramref name="directory"/>, each file replaced only once completely written, and then removes the previous
    /// checkpoint's agent file: a stop at any moment leaves a matching pair.</summary>
    public void SaveCheckpoint(string directory)
    {
        Directory.CreateDirectory(directory);
        string agentFile = AgentFile(_step);
        _agent.Save(Path.Combine(directory, agentFile));
        CheckpointFile.Write(Path.Combine(directory, TrainingFile), _header, writer =>
        {
            writer.Write(_step);
            writer.Write(_iteration);
            writer.Write(_episodes);
            writer.Write(_updates);
            writer.Write(_recentReturns.Count);
            foreach (double r in _recentReturns) writer.Write(r);
            _buffer.Save(writer);
        });
        foreach (string old in Directory.EnumerateFiles(directory, "agent-*.ckpt"))
            if (Path.GetFileName(old) is var name && name != agentFile && IsAgentFile(name)) File.Delete(old);
    }

    private static bool IsAgentFile(string name) =>
        name.StartsWith("agent-", StringComparison.Ordinal) && long.TryParse(name["agent-".Length..^".ckpt".Length], out _);

    /// <summary>Continues from a checkpoint folder written by <see cref="SaveCheckpoint"/> for the same algorithm,
    /// features, actions, buffer size and number of environments. Environments start fresh episodes.</summary>
    public void Resume(string directory)
    {
        string trainingPath = Path.Combine(directory, TrainingFile);
        // The agent first, from the file of the checkpoint's step, so that a missing or wrong one changes nothing here.
        long saved = CheckpointFile.ReadStart(trainingPath, _header, reader => reader.ReadInt64());
        _agent.Load(Path.Combine(directory, AgentFile(saved)));
        CheckpointFile.Read(trainingPath, _header, reader =>
        {
            long step = reader.ReadInt64(), iteration = reader.ReadInt64(), episodes = reader.ReadInt64(), updates = reader.ReadInt64();
            int recent = reader.ReadInt32();
            if (recent < 0 || recent > _options.RecentEpisodes) throw new InvalidDataException($"implausible count of recent returns {recent}");
            var returns = new double[recent];
            for (int i = 0; i < recent; i++) returns[i] = reader.ReadDouble();
            _buffer.Load(reader);
            (_step, _iteration, _episodes, _updates) = (step, iteration, episodes, updates);
            _recentReturns.Clear();
            foreach (double r in returns) _recentReturns.Enqueue(r);
        });
        Synchronise();
    }

    /// <summary>
    /// A synchronisation point: every random stream (the loop's warm-up actions and batch sampling, the agent's
    /// exploration) restarts from the seed and the current step, and the environments start fresh episodes at the next
    /// <see cref="Run"/>. A checkpoint is always followed by one, and <see cref="Resume"/> ends with one, so a run resumed
    /// from a checkpoint continues exactly as the uninterrupted run did, bit for bit. A caller that saves checkpoints
    /// of its own between <see cref="Run"/> calls (such as on Ctrl-C) must call this at the same steps in every run.
    /// </summary>
    public void Synchronise()
    {
        _rng = new Random(unchecked(_options.Seed + (int)_step));
        _agent.Reseed(unchecked(_options.Seed * 31 + (int)_step + 17));
        _started = false;
    }

    private void Begin()
    {
        var start = _envs.Reset(unchecked(_options.Seed + (int)_step));
        _source.Encode(start.Observations, _features);
        for (int i = 0; i < _envs.Count; i++)
        {
            _episodeReturns[i] = 0;
            _agent.ResetExploration(i);
        }
        _started = true;
    }

    private void ChooseActions()
    {
        int n = _envs.Count;
        if (_step < _options.LearningStarts)
        {
            // Warm-up: uniformly random actions from the environment's own space.
            for (int i = 0; i < n; i++)
                _encoding.Encode(_envs.ActionSpace.Sample(_rng), _actionRows.AsSpan(i * _actionWidth, _actionWidth));
        }
        else _agent.Act(_features, _actionRows, ActMode.Exploring(_step, _options.LearningStarts));
        for (int i = 0; i < n; i++) _actions[i] = _encoding.Decode(_actionRows.AsSpan(i * _actionWidth, _actionWidth), i);
    }

    private UpdateMetrics Learn()
    {
        UpdateMetrics last = default;
        for (int g = 0; g < _options.GradientSteps; g++)
        {
            _buffer.Sample(_rng, _batch);
            last = _agent.Update(_batch);
            _updates++;
        }
        return last;
    }

    // Steps every copy with the chosen actions and encodes the new observations (and the final observations of the
    // episodes that ended) into _encoded, in one call of the feature source.
    private VectorStep<TObservation> StepAndEncode()
    {
        var result = _envs.Step(_actions);
        int n = _envs.Count, f = _featureSize;
        int rows = n;
        for (int i = 0; i < n; i++)
        {
            _encodeInput[i] = result.Observations[i];
            if (result.FinalObservations[i] is { } final)
            {
                _encodeInput[rows] = final;
                _finalRow[i] = rows++;
            }
            else _finalRow[i] = i;
        }
        _source.Encode(_encodeInput.AsSpan(0, rows), _encoded.AsSpan(0, rows * f));
        return result;
    }

    // Stores the step's transitions, counts ended episodes and makes the new features current.
    private void Store(VectorStep<TObservation> result)
    {
        int n = _envs.Count, f = _featureSize;
        for (int i = 0; i < n; i++)
        {
            bool done = result.Terminated[i] || result.Truncated[i];
            _buffer.Add(_features.AsSpan(i * f, f), _actionRows.AsSpan(i * _actionWidth, _actionWidth), (float)result.Rewards[i],
                _encoded.AsSpan(_finalRow[i] * f, f), result.Terminated[i], result.Truncated[i]);
            _episodeReturns[i] += result.Rewards[i];
            if (!done) continue;
            _recentReturns.Enqueue(_episodeReturns[i]);
            if (_recentReturns.Count > _options.RecentEpisodes) _recentReturns.Dequeue();
            _episodes++;
            _episodeReturns[i] = 0;
            _agent.ResetExploration(i);
        }
        _encoded.AsSpan(0, n * f).CopyTo(_features);
    }

    // True when the last vector step of n environment steps passed a multiple of interval.
    private bool Crossed(long interval, int n) => interval > 0 && _step / interval > (_step - n) / interval;
}
