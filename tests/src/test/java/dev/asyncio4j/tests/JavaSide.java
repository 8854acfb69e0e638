package dev.asyncio4j.tests;

final class JavaSide {
    static final boolean VALUE = true;
}
