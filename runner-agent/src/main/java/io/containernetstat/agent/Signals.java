package io.containernetstat.agent;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Catches termination signals instead of letting them start the JVM's shutdown.
 *
 * <p>Through reflection: {@code sun.misc.Signal} lives in module {@code jdk.unsupported}, which a
 * minimal jlinked runtime may leave out; then the JVM's default handling stays.
 */
final class Signals {
  private Signals() {}

  /**
   * Calls {@code handler} with the signal's name ({@code TERM}) when one of {@code names} arrives.
   *
   * @return false when signals cannot be caught here; the JVM's default handling then stays in place
   */
  static boolean trap(Consumer<String> handler, String... names) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method getName = signalClass.getMethod("getName");
      InvocationHandler call = (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          handler.accept((String) getName.invoke(args[0]));
          return null;
        }
        if (method.getName().equals("toString")) {
          return "container-netstat signal handler";
        }
        if (method.getName().equals("hashCode")) {
          return System.identityHashCode(proxy);
        }
        return proxy == args[0];
      };
      Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, call);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : names) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), proxy);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
