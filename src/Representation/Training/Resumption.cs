using GmcRL.Representation.Data;
using GmcRL.Representation.Gmc;
using static TorchSharp.torch;

namespace GmcRL.Representation.Training;

/// <summary>The checks and the starting point of a resumed pretraining run, the same for every representation.</summary>
internal static class Resumption
{
    /// <summary>Throws <see cref="ArgumentException"/> (its message starting with <paramref name="stage"/>) unless
    /// <paramref name="resume"/>, when given, has the <paramref name="model"/> architecture and the dataset's spec.</summary>
    public static void Check<TModel, TTraining>(string stage, RepresentationCheckpoint<TModel, TTraining>? resume,
        GmcModelOptions model, MultimodalDataset dataset)
        where TModel : nn.Module
    {
        if (resume is null) return;
        if (!resume.Model.Equals(model))
            throw new ArgumentException($"{stage}: the checkpoint to resume has a different model architecture than the options ask for.");
        if (!resume.Spec.Equals(dataset.Spec))
            throw new ArgumentException($"{stage}: the checkpoint to resume encodes [{resume.Spec}], but the dataset holds [{dataset.Spec}].");
    }

    /// <summary>Where training continues from <paramref name="resume"/>; null for a fresh start.</summary>
    public static ResumePoint<TModel>? From<TModel, TTraining>(RepresentationCheckpoint<TModel, TTraining>? resume)
        where TModel : nn.Module =>
        resume is null ? null : new(resume.LoadInto, resume.OptimizerState, resume.Epoch, resume.BestValidationLoss);
}
