namespace GmcRL.Envs.Hyperhot;

/// <summary>Where a Hyperhot microphone listens (the reference's <c>SoundReceiver.Location</c>); the ship's ones move with
/// the ship. Screen pixels, y downwards.</summary>
public enum HyperhotReceiver
{
    /// <summary>The middle of the screen's bottom edge, (80, 210).</summary>
    Bottom,

    /// <summary>The bottom-left corner, (0, 210).</summary>
    LeftBottom,

    /// <summary>The bottom-right corner, (160, 210).</summary>
    RightBottom,

    /// <summary>The middle of the ship's bottom edge.</summary>
    BottomShip,

    /// <summary>The middle of the ship's top edge.</summary>
    TopShip,

    /// <summary>The ship's centre.</summary>
    CenterShip,

    /// <summary>The middle of the ship's left edge.</summary>
    LeftShip,

    /// <summary>The middle of the ship's right edge.</summary>
    RightShip,
}
