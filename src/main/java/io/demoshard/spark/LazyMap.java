package io.demoshard.spark;

import java.util.Iterator;
import java.util.function.Function;

/**
 * A partition's rows mapped one at a time as Spark pulls them: nothing is buffered, so a task's
 * memory stays one row deep however large its partition. For {@code mapPartitions} bodies that
 * set up per-task state (a decoder, a writer's schema) once and then map each row.
 */
public final class LazyMap {
  private LazyMap() {}

  public static <A, B> Iterator<B> of(Iterator<A> in, Function<? super A, ? extends B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }
}
