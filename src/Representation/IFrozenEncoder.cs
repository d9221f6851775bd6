using GmcRL.Envs;
using GmcRL.Envs.Pendulum;

namespace GmcRL.Representation;

/// <summary>
/// A representation ready for control: a frozen encoder of multimodal observations (GMC's, a baseline's, or the true
/// state), with what a control-time environment must match. Observations with missing modalities are encoded the way
/// the representation handles them; the agent only ever sees the features.
/// </summary>
public interface IFrozenEncoder : IFeatureSource<MultimodalObservation>, IDisposable
{
    /// <summary>The modalities the encoder reads; observations must have exactly this spec.</summary>
    ObservationSpec Spec { get; }

    /// <summary>The sound normalisation of the training data: build control-time environments with it (null: the
    /// environment's own default).</summary>
    SoundNormalization? SoundNormalization { get; }
}
