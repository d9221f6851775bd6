using GmcRL.Envs;
using GmcRL.Envs.Registry;

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

    /// <summary>The calibration of the training data: make control-time environments with it, so that they observe
    /// on the scale the encoder learned (null: the environment's own default).</summary>
    Calibration? Calibration { get; }
}
