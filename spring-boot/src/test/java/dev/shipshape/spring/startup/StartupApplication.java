package dev.shipshape.spring.startup;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;
import org.springframework.context.ApplicationListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@code benchmarks/startup/run} starts with and without the starter on its class
 * path: a web application with Actuator, nothing of Shipshape in its code. It prints how long the
 * JVM ran until the application was ready and the CPU time of its main thread by then (less
 * sensitive than the wall clock to other work on the machine), then exits. With {@code
 * -Dstartup.trace=true} it also prints the bean instantiations that took longest.
 */
@SpringBootApplication
public class StartupApplication {

  /**
   * Starts the application, reports when it is ready, and stops it.
   *
   * @param args Spring Boot arguments, such as {@code --shipshape.flags.sources=...}
   */
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(StartupApplication.class);
    BufferingApplicationStartup trace =
        Boolean.getBoolean("startup.trace") ? new BufferingApplicationStartup(100_000) : null;
    if (trace != null) {
      app.setApplicationStartup(trace);
    }
    app.addListeners(
        (ApplicationListener<ApplicationReadyEvent>)
            e -> {
              long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
              Ready.mark(); // a class loaded only now: -Xlog:class+load shows what came before
              long mainCpu =
                  java.lang.management.ManagementFactory.getThreadMXBean()
                      .getCurrentThreadCpuTime();
              System.out.println("ready_ms=" + uptime + " main_cpu_ms=" + mainCpu / 1_000_000);
              if (trace != null) {
                printSlowestSteps(trace);
              }
              System.exit(SpringApplication.exit(e.getApplicationContext()));
            });
    app.run(args);
  }

  /**
   * Prints the bean instantiations that took longest by themselves (without the beans they
   * created for their own dependencies), to show where an application's startup goes.
   */
  private static void printSlowestSteps(BufferingApplicationStartup trace) {
    List<StartupTimeline.TimelineEvent> events = trace.getBufferedTimeline().getEvents();
    Map<Long, Long> childNanos = new HashMap<>();
    for (StartupTimeline.TimelineEvent e : events) {
      Long parent = e.getStartupStep().getParentId();
      if (parent != null) {
        childNanos.merge(parent, e.getDuration().toNanos(), Long::sum);
      }
    }
    events.stream()
        .filter(e -> e.getStartupStep().getName().equals("spring.beans.instantiate"))
        .sorted(
            Comparator.comparingLong(
                (StartupTimeline.TimelineEvent e) ->
                    e.getDuration().toNanos()
                        - childNanos.getOrDefault(e.getStartupStep().getId(), 0L))
                .reversed())
        .limit(Integer.getInteger("startup.trace.limit", 25))
        .forEach(
            e -> {
              String bean = "";
              for (StartupStep.Tag tag : e.getStartupStep().getTags()) {
                if (tag.getKey().equals("beanName")) {
                  bean = tag.getValue();
                }
              }
              long self =
                  e.getDuration().toNanos()
                      - childNanos.getOrDefault(e.getStartupStep().getId(), 0L);
              System.out.println("step self_ms=" + self / 1_000_000 + " " + bean);
            });
  }

  /** Marks the ready application in the class-loading log. */
  static final class Ready {
    private Ready() {}

    static void mark() {}
  }

  /** A controller, as every web application has. */
  @RestController
  static class Hello {
    @GetMapping("/hello")
    String hello() {
      return "hello";
    }
  }
}
