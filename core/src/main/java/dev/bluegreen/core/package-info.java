package dev.bluegreen.core;
