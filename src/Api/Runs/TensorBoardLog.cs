using GmcRL.Agents.Evaluation;
using GmcRL.Agents.Training;
using GmcRL.Representation.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Runs;

/// <summary>
/// The run's TensorBoard scalars (<c>tensorboard --logdir runs</c>), written with TorchSharp's SummaryWriter into the
/// run folder's <c>tensorboard/</c>: every pretraining epoch (losses and each modality's alignment, x = epoch), every
/// training evaluation (x = environment step), and the final missing-modality evaluation (x = the agent's steps).
/// Each event is appended as it happens, so an interrupted run keeps what it logged; a resumed run adds a new event
/// file to the same folder, which TensorBoard reads together with the first.
/// </summary>
public sealed class TensorBoardLog
{
    private readonly SummaryWriter _writer;

    /// <summary>A log in <paramref name="folder"/> (created if missing).</summary>
    public TensorBoardLog(string folder)
    {
        Directory.CreateDirectory(folder);
        _writer = utils.tensorboard.SummaryWriter(folder);
    }

    /// <summary>The folder the event files go to.</summary>
    public string Folder => _writer.LogDir;

    /// <summary>One pretraining epoch of the representation <paramref name="model"/> (gmc, fusion_ae, mvae: the tags' prefix).</summary>
    public void Add(EpochMetrics epoch, string model)
    {
        Scalar($"{model}/train_loss", epoch.TrainLoss, epoch.Epoch);
        Scalar($"{model}/validation_loss", epoch.ValidationLoss, epoch.Epoch);
        Scalar($"{model}/samples_per_second", epoch.SamplesPerSecond, epoch.Epoch);
        foreach (var a in epoch.Alignment)
        {
            Scalar($"{model}_alignment/{a.Modality}_positive_cosine", a.PositiveCosine, epoch.Epoch);
            Scalar($"{model}_alignment/{a.Modality}_random_cosine", a.RandomCosine, epoch.Epoch);
            Scalar($"{model}_alignment/{a.Modality}_top1", a.Top1, epoch.Epoch);
            Scalar($"{model}_alignment/{a.Modality}_top5", a.Top5, epoch.Epoch);
            if (a.MedianAngleError is double error) Scalar($"{model}_alignment/{a.Modality}_median_angle_error", error, epoch.Epoch);
        }
    }

    /// <summary>One evaluation during training (deterministic, all modalities), with episodes of <paramref name="episodeSteps"/> steps.</summary>
    public void Add(TrainingEvaluation evaluation, int episodeSteps)
    {
        Scalar("train/eval_mean_return", evaluation.MeanReturn, evaluation.Step);
        Scalar("train/eval_std_return", evaluation.StdReturn, evaluation.Step);
        Scalar("train/eval_mean_reward_per_step", evaluation.MeanReturn / episodeSteps, evaluation.Step);
    }

    /// <summary>The missing-modality evaluation of the trained agent, at its training step <paramref name="step"/>.</summary>
    public void Add(IReadOnlyList<ConditionResult> results, long step)
    {
        foreach (var r in results)
        {
            Scalar($"evaluation/{r.Name}_mean_reward_per_step", r.MeanRewardPerStep, step);
            Scalar($"evaluation/{r.Name}_mean_return", r.MeanReturn, step);
        }
    }

    /// <summary>The DCA scores of a learned latent, at the pretraining epoch of its model.</summary>
    public void Add(GeometryReport geometry, long epoch)
    {
        foreach (var s in geometry.Subsets.Where(s => s.Problem is null))
        {
            string prefix = $"{geometry.Representation}_dca/{s.Name}";
            Scalar($"{prefix}_precision", s.Precision, epoch);
            Scalar($"{prefix}_recall", s.Recall, epoch);
            Scalar($"{prefix}_network_consistency", s.NetworkConsistency, epoch);
            Scalar($"{prefix}_network_quality", s.NetworkQuality, epoch);
            Scalar($"{prefix}_harmonic_mean", s.HarmonicMean, epoch);
        }
    }

    private void Scalar(string tag, double value, long step) => _writer.add_scalar(tag, (float)value, checked((int)step));
}
