using GmcRL.Agents.Training;
using GmcRL.Envs;
using GmcRL.Envs.Registry;
using GmcRL.Envs.Wrappers;

namespace GmcRL.Pipeline;

/// <summary>
/// A run's environment as its agent acts on it: copies observing on the representation's calibration, frame-stacked,
/// with the true state attached (only the true-state features read it), and without time limit or dropout (the
/// trainer and the evaluator add those); how actions travel to the agent; and the numbers the environment took for each
/// action (for replays). For DQN on a one-dimensional continuous action, the actions are evenly spaced values of it.
/// </summary>
/// <param name="Make">Makes a fresh copy.</param>
/// <param name="Encoding">Actions as the agent's float rows.</param>
/// <param name="Space">The agent's action space.</param>
/// <param name="Taken">The action as the environment took it, as numbers.</param>
internal sealed record ControlEnvironment<TAction>(
    Func<IEnvironment<MultimodalObservation, TAction>> Make, IActionEncoding<TAction> Encoding, ISpace<TAction> Space,
    Func<TAction, float[]> Taken);

/// <summary>Does something with a run's control environment, for its action type.</summary>
internal interface IControlVisitor<out TResult>
{
    TResult Visit<TAction>(ControlEnvironment<TAction> control);
}

/// <summary>Builds the control environment of a run and hands it to a visitor.</summary>
internal static class ControlEnvironments
{
    /// <summary>Hands <paramref name="visitor"/> the control environment of <paramref name="env"/> observed on
    /// <paramref name="calibration"/>; <paramref name="discreteActions"/> more than 0 divides a one-dimensional
    /// continuous action into that many values for DQN.</summary>
    public static TResult Visit<TResult>(Env env, int discreteActions, Calibration? calibration, IControlVisitor<TResult> visitor) =>
        env.Registration.Accept(new Builder<TResult>(env, discreteActions, calibration, visitor));

    private sealed class Builder<TResult>(Env env, int discreteActions, Calibration? calibration, IControlVisitor<TResult> visitor)
        : IRegistrationVisitor<TResult>
    {
        public TResult Visit<TAction>(EnvRegistration<TAction> registration)
        {
            Func<IEnvironment<MultimodalObservation, TAction>> make = () =>
                new TrueStateAttached<TAction>(new FrameStack<TAction>(registration.Make(new EnvContext(0, calibration)), env.FrameStack));
            switch (registration.ActionSpace)
            {
                case Box when discreteActions > 0:
                    var torque = As<float[]>(make);
                    var space = new Discrete(discreteActions);
                    float[] values = new DiscreteActions<MultimodalObservation>(torque(), discreteActions).Values.ToArray();
                    return visitor.Visit(new ControlEnvironment<int>(() => new DiscreteActions<MultimodalObservation>(torque(), discreteActions),
                        new DiscreteActionEncoding(space), space, a => [values[a]]));
                case Box box:
                    return visitor.Visit(new ControlEnvironment<float[]>(As<float[]>(make), new BoxActionEncoding(box), box, a => a));
                case Discrete discrete:
                    return visitor.Visit(new ControlEnvironment<int>(As<int>(make), new DiscreteActionEncoding(discrete), discrete, a => [a]));
                default:
                    throw new InvalidOperationException($"Environment '{registration.Id}' has action space {registration.ActionSpace}, which no agent takes.");
            }

            // The action space has told the action type: a Box's actions are float[], a Discrete's are int.
            static Func<IEnvironment<MultimodalObservation, T>> As<T>(Func<IEnvironment<MultimodalObservation, TAction>> make) =>
                (Func<IEnvironment<MultimodalObservation, T>>)(object)make;
        }
    }
}
