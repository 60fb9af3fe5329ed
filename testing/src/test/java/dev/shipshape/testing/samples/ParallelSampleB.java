package dev.shipshape.testing.samples;

import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;

@Sample
@ShipshapeTest
@FlagVariant(flag = "checkout-theme", variant = "holiday")
public class ParallelSampleB extends ParallelSample {}
