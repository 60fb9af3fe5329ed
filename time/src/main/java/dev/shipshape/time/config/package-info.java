/**
 * How every Shipshape module reports invalid configuration: each problem is one {@link
 * dev.shipshape.time.config.ConfigProblem} (the setting, the value it was given and what was
 * expected, in one message format), and a builder that finds any throws one {@link
 * dev.shipshape.time.config.InvalidConfigException} listing all of them.
 *
 * <p>It lives in the lowest module so that flags, SLOs, the facade and the Spring starter share
 * one problem type, and a caller such as the Spring starter can read a problem's setting instead
 * of its message text.
 */
@NullMarked
package dev.shipshape.time.config;

import org.jspecify.annotations.NullMarked;
